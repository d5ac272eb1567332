import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { Transactions } from '../database/transactions.service.js';
import { Metrics, RevocationCause } from '../metrics/metrics.js';
import { InvalidationBus } from './invalidation-bus.js';
import { Invalidation } from './invalidation.js';
import { RevocationRepository } from './revocation.repository.js';

/**
 * Everything that ends credentials goes through here: it writes in the database (inside the caller's
 * transaction when given one), then, once that has committed, announces the change to every instance's
 * auth-state cache. Announcing before the commit would let an instance re-read and cache the old state.
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly repository: RevocationRepository,
    private readonly bus: InvalidationBus,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Logout-all, password change or reset, disabling: bumping `jwt_version` kills every access token at
   * once; revoking the sessions kills every refresh token; outstanding reset links are retired. `exceptSessionId` survives (a password change
   * re-issues that device's tokens in the same transaction).
   */
  async endAllForUser(userId: string, cause: RevocationCause, options: { exceptSessionId?: string; manager?: EntityManager } = {}): Promise<void> {
    await this.within(options.manager, async (manager) => {
      const now = this.clock.now();
      await this.repository.incrementJwtVersion(userId, now, manager);
      await this.repository.revokeAllForUser(userId, now, { except: options.exceptSessionId, manager });
      await this.repository.retireResetLinks(userId, now, manager);
      await this.announceAfterCommit(manager, [{ kind: 'user', id: userId }], cause);
    });
  }

  /** Retires the user's outstanding password-reset links (a newer one is about to be issued). */
  async retireResetLinks(userId: string, manager: EntityManager): Promise<void> {
    await this.repository.retireResetLinks(userId, this.clock.now(), manager);
  }

  /** Ends the given sessions of a user; answers how many were still unrevoked. */
  async revokeSessions(userId: string, sessionIds: string[], cause: RevocationCause, manager?: EntityManager): Promise<number> {
    const ended = await this.repository.revokeMany(userId, sessionIds, this.clock.now(), manager);
    await this.announceAfterCommit(manager, sessionIds.map((id) => ({ kind: 'session', id })), ended > 0 ? cause : undefined);
    return ended;
  }

  /** Ends one session (logout, refresh-token reuse); true when this call ended it. */
  async revokeSession(sessionId: string, cause: RevocationCause, manager?: EntityManager): Promise<boolean> {
    const ended = await this.repository.revokeOne(sessionId, this.clock.now(), manager);
    await this.announceAfterCommit(manager, [{ kind: 'session', id: sessionId }], ended ? cause : undefined);
    return ended;
  }

  /** A change that ends nothing but must reach every cache now: a role change, re-enabling a user. */
  async userChanged(userId: string, manager?: EntityManager): Promise<void> {
    await this.announceAfterCommit(manager, [{ kind: 'user', id: userId }]);
  }

  private within(manager: EntityManager | undefined, work: (manager: EntityManager) => Promise<void>): Promise<void> {
    return manager ? work(manager) : this.transactions.run(work);
  }

  /** Counted with the announcement, after the commit: a rolled-back revocation ended nothing. */
  private announceAfterCommit(manager: EntityManager | undefined, messages: Invalidation[], cause?: RevocationCause): Promise<void> {
    return this.transactions.afterCommit(manager, () => {
      if (cause) this.metrics.revoked(cause);
      return this.bus.announce(messages);
    });
  }
}
