import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AppConfig } from '../config/app-config.js';
import { lockUserRow } from '../common/database/row-locks.js';
import type { ClientInfo } from '../identity/client-info.decorator.js';
import { RevocationCause } from '../metrics/metrics.js';
import { SessionRevoker } from './session-revoker.js';
import { DevicesService } from './devices.service.js';
import { deviceNameFromUserAgent } from './device-name.js';
import { Session } from './entities/session.entity.js';
import { RefreshTokenCodec } from './refresh-token.codec.js';
import { newSessionLifetime, slidingExpiry } from './session-policy.js';
import { SessionsRepository } from './sessions.repository.js';

const SECOND = 1000;

/**
 * A session's life outside the refresh path: opened at login, re-keyed by a password change, ended by
 * logout, deleted by retention. Rotation lives in RefreshRotationService, devices in DevicesService, and
 * what "live" means in session-policy.ts.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
    private readonly devices: DevicesService,
    private readonly revocation: SessionRevoker,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Opens a session for a device; beyond the per-user cap the least recently used sessions end. Inside the
   * caller's transaction, so a failed login leaves no session behind.
   */
  async create(userId: string, client: ClientInfo & { deviceName?: string | null }): Promise<{ session: Session; refreshToken: string }> {
    const now = this.clock.now();
    const session = Object.assign(new Session(), {
      id: randomUUID(),
      userId,
      deviceName: (client.deviceName ?? deviceNameFromUserAgent(client.userAgent))?.slice(0, 100) ?? null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip?.slice(0, 45) ?? null,
      tokenSalt: RefreshTokenCodec.newSalt(),
      tokenGeneration: 0,
      rotatedAt: null,
      createdAt: now,
      lastUsedAt: now,
      ...newSessionLifetime(now, this.config.sessions),
      revokedAt: null,
    });
    // Logins of one user take turns here, so concurrent ones cannot each miss the other and exceed the cap.
    await lockUserRow(userId);
    await this.repository.insert(session);
    await this.devices.enforceCap(userId, session.id, now);
    return { session, refreshToken: this.codec.issue(session.id, 0, session.tokenSalt) };
  }

  /**
   * Gives a live session a fresh refresh token inside the caller's transaction (a password change). The
   * replaced token gets no grace window: whoever else holds it must not get in with it.
   */
  async reissue(sessionId: string): Promise<{ refreshToken: string; expiresAt: Date }> {
    const session = await this.repository.findById(sessionId);
    if (!session) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    const now = this.clock.now();
    const expiresAt = slidingExpiry(now, this.config.sessions.idleTtl, session.maxExpiresAt);
    const generation = await this.repository.advanceGeneration(session.id, now, expiresAt);
    if (generation === undefined) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return { refreshToken: this.codec.issue(session.id, generation, session.tokenSalt), expiresAt };
  }

  /** Ends one session (logout, or `cause`); true when it was still live. */
  revoke(sessionId: string, cause: RevocationCause = 'logout'): Promise<boolean> {
    return this.revocation.revokeSession(sessionId, cause);
  }

  /** Deletes sessions that ended more than the retention period ago. */
  purgeEnded(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.retention.sessions * SECOND);
    return this.repository.deleteEndedBefore(cutoff);
  }
}
