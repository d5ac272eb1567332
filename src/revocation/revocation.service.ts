import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { afterCommit } from '../common/database/transaction-context.js';
import { Transactions } from '../common/database/transactions.service.js';
import { Metrics, RevocationCause } from '../metrics/metrics.js';
import type { SessionRevoker } from '../sessions/session-revoker.js';
import { InvalidationBus } from './invalidation-bus.js';
import { Invalidation } from './invalidation.js';
import { RevocationRepository } from './revocation.repository.js';

/**
 * Everything that ends credentials goes through here: it writes in the database (inside the caller's
 * transaction when there is one), then, once that has committed, announces the change to every instance's
 * auth-state cache. Announcing before the commit would let an instance re-read and cache the old state.
 */
@Injectable()
export class RevocationService implements SessionRevoker {
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
  async endAllForUser(userId: string, cause: RevocationCause, options: { exceptSessionId?: string } = {}): Promise<void> {
    // Joins the caller's transaction when there is one (a password change, a reset, disabling).
    await this.transactions.run(async () => {
      const now = this.clock.now();
      await this.repository.incrementJwtVersion(userId, now);
      await this.repository.revokeAllForUser(userId, now, { except: options.exceptSessionId });
      await this.repository.retireResetLinks(userId, now);
      await this.announceAfterCommit([{ kind: 'user', id: userId }], cause);
    });
  }

  /** Retires the user's outstanding password-reset links (a newer one is about to be issued). */
  async retireResetLinks(userId: string): Promise<void> {
    await this.repository.retireResetLinks(userId, this.clock.now());
  }

  /** Ends the given sessions of a user; answers how many were still unrevoked. */
  async revokeSessions(userId: string, sessionIds: string[], cause: RevocationCause): Promise<number> {
    const ended = await this.repository.revokeMany(userId, sessionIds, this.clock.now());
    await this.announceAfterCommit(
      sessionIds.map((id) => ({ kind: 'session', id })),
      ended > 0 ? cause : undefined,
    );
    return ended;
  }

  /** Ends one session (logout, refresh-token reuse); true when this call ended it. */
  async revokeSession(sessionId: string, cause: RevocationCause): Promise<boolean> {
    const ended = await this.repository.revokeOne(sessionId, this.clock.now());
    await this.announceAfterCommit([{ kind: 'session', id: sessionId }], ended ? cause : undefined);
    return ended;
  }

  /** A change that ends nothing but must reach every cache now: a role change, re-enabling a user. */
  async userChanged(userId: string): Promise<void> {
    await this.announceAfterCommit([{ kind: 'user', id: userId }]);
  }

  /** Counted with the announcement, after the commit: a rolled-back revocation ended nothing. */
  private announceAfterCommit(messages: Invalidation[], cause?: RevocationCause): Promise<void> {
    return afterCommit(() => {
      if (cause) this.metrics.revoked(cause);
      return this.bus.announce(messages);
    });
  }
}
