import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AppConfig } from '../config/app-config.js';
import type { ClientInfo } from '../identity/client-info.decorator.js';
import { Metrics, RefreshOutcome } from '../metrics/metrics.js';
import { SessionRevoker } from './session-revoker.js';
import { Session } from './entities/session.entity.js';
import { RefreshTokenCodec } from './refresh-token.codec.js';
import { isExpired, isLive, isWithinGrace, slidingExpiry } from './session-policy.js';
import { SessionWithOwner, SessionsRepository } from './sessions.repository.js';

/** A session after a successful refresh, with what is needed to issue the matching access token. */
export interface RenewedSession {
  sessionId: string;
  userId: string;
  jwtVersion: number;
  refreshToken: string;
  /** When the session ends unless used again (idle expiry, capped by the absolute one). */
  expiresAt: Date;
}

export interface SessionRef {
  sessionId: string;
  userId: string;
}

/**
 * Refresh-token rotation, the grace window and reuse detection: the numbered rules of docs/sessions.md
 * ("Deciding a presented token"), and the races that section's table lists.
 */
@Injectable()
export class RefreshRotationService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
    private readonly activity: ActivityService,
    private readonly revocation: SessionRevoker,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Exchanges a refresh token for its successor; see docs/sessions.md for the races this handles. */
  async refresh(refreshToken: unknown, client: ClientInfo): Promise<RenewedSession> {
    const presented = this.codec.parse(refreshToken);
    if (!presented) throw this.refused('invalid', ErrorCode.INVALID_REFRESH_TOKEN);
    const found = await this.repository.findWithOwner(presented.sessionId);
    // A token we did not issue never touches the session: only our own, replayed tokens count as reuse.
    if (!found || !this.codec.isAuthentic(presented, found.session.tokenSalt)) {
      throw this.refused('invalid', ErrorCode.INVALID_REFRESH_TOKEN);
    }
    return this.advance(presented.generation, found, client, true);
  }

  /**
   * The session a refresh token speaks for, only while it still would refresh: the current generation,
   * or the one before it inside the grace window, of a live session. A superseded token (a stolen copy,
   * or one replaced by a password change) can no longer end the session it once belonged to.
   */
  async sessionOfRefreshToken(token: string): Promise<SessionRef | undefined> {
    const presented = this.codec.parse(token);
    if (!presented) return undefined;
    const found = await this.repository.findWithOwner(presented.sessionId);
    if (!found || !this.codec.isAuthentic(presented, found.session.tokenSalt)) return undefined;
    const { session } = found;
    const now = this.clock.now();
    if (found.userDisabled || !isLive(session, now)) return undefined;
    const current = presented.generation === session.tokenGeneration;
    const inGrace =
      presented.generation === session.tokenGeneration - 1 && isWithinGrace(session.rotatedAt, now, this.config.sessions.reuseGrace);
    return current || inGrace ? { sessionId: session.id, userId: session.userId } : undefined;
  }

  private async advance(generation: number, found: SessionWithOwner, client: ClientInfo, mayRetry: boolean): Promise<RenewedSession> {
    const { session, jwtVersion } = found;
    const now = this.clock.now();
    if (session.revokedAt || found.userDisabled) throw this.refused('revoked', ErrorCode.SESSION_REVOKED);
    if (isExpired(session, now)) throw this.refused('expired', ErrorCode.SESSION_EXPIRED);

    if (generation === session.tokenGeneration) {
      const expiresAt = slidingExpiry(now, this.config.sessions.idleTtl, session.maxExpiresAt);
      if (await this.repository.rotate(session.id, generation, now, expiresAt)) {
        this.metrics.refresh('rotated');
        return this.renewed({ ...session, expiresAt }, jwtVersion, generation + 1);
      }
      // Another request rotated this token between our read and our write: judge again against its result.
      const latest = mayRetry ? await this.repository.findWithOwner(session.id) : undefined;
      if (!latest) throw this.refused('invalid', ErrorCode.INVALID_REFRESH_TOKEN);
      return this.advance(generation, latest, client, false);
    }

    // Authentic yet ahead of the session: only a rolled-back rotation issues such a token. Not theft.
    if (generation > session.tokenGeneration) throw this.refused('invalid', ErrorCode.INVALID_REFRESH_TOKEN);

    if (generation === session.tokenGeneration - 1) {
      // A second tab or a retry after a lost response: hand out the successor the first caller received.
      if (isWithinGrace(session.rotatedAt, now, this.config.sessions.reuseGrace)) {
        this.metrics.refresh('grace_reissue');
        return this.renewed(session, jwtVersion, session.tokenGeneration);
      }
      // Replaced by a password change (rotated_at cleared): refused, but no sign of theft either.
      if (session.rotatedAt === null) throw this.refused('invalid', ErrorCode.INVALID_REFRESH_TOKEN);
    }

    // An authentic but superseded token is being replayed: assume theft and end the whole session.
    if (await this.revocation.revokeSession(session.id, 'reuse')) {
      await this.activity.record(session.userId, AuthEventType.RefreshTokenReused, {
        sessionId: session.id,
        deviceName: session.deviceName,
        ...client,
      });
    }
    throw this.refused('reuse_detected', ErrorCode.INVALID_REFRESH_TOKEN);
  }

  private refused(outcome: RefreshOutcome, code: ErrorCode): DomainError {
    this.metrics.refresh(outcome);
    return new DomainError(code);
  }

  private renewed(session: Session, jwtVersion: number, generation: number): RenewedSession {
    return {
      sessionId: session.id,
      userId: session.userId,
      jwtVersion,
      expiresAt: session.expiresAt,
      refreshToken: this.codec.issue(session.id, generation, session.tokenSalt),
    };
  }
}
