import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { Clock } from '../common/clock/clock.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AppConfig } from '../config/app-config.js';
import { lockUserRow } from '../database/row-locks.js';
import { Metrics, RefreshOutcome, RevocationCause } from '../metrics/metrics.js';
import { RevocationService } from '../revocation/revocation.service.js';
import { deviceNameFromUserAgent } from './device-name.js';
import { Session } from './entities/session.entity.js';
import { RefreshTokenCodec } from './refresh-token.codec.js';
import { isExpired, isWithinGrace, slidingExpiry } from './session-lifetime.js';
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

const SECOND = 1000;

export interface SessionRef {
  sessionId: string;
  userId: string;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
    private readonly activity: ActivityService,
    private readonly revocation: RevocationService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Opens a session for a device; beyond the per-user cap the least recently used sessions end. */
  /** Inside the caller's transaction, so a failed login leaves no session behind. */
  async create(userId: string, client: ClientInfo & { deviceName?: string | null }, manager?: EntityManager): Promise<{ session: Session; refreshToken: string }> {
    const now = this.clock.now();
    const maxExpiresAt = new Date(now.getTime() + this.config.sessions.maxAge * SECOND);
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
      expiresAt: slidingExpiry(now, this.config.sessions.idleTtl, maxExpiresAt),
      maxExpiresAt,
      revokedAt: null,
    });
    // Logins of one user take turns here, so concurrent ones cannot each miss the other and exceed the cap.
    if (manager) await lockUserRow(manager, userId);
    await this.repository.insert(session, manager);
    await this.enforceCap(userId, session.id, now, manager);
    return { session, refreshToken: this.codec.issue(session.id, 0, session.tokenSalt) };
  }

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
      await this.activity.record(session.userId, AuthEventType.RefreshTokenReused, { sessionId: session.id, deviceName: session.deviceName, ...client });
    }
    throw this.refused('reuse_detected', ErrorCode.INVALID_REFRESH_TOKEN);
  }

  /**
   * Gives a live session a fresh refresh token inside the caller's transaction (a password change). The
   * replaced token gets no grace window: whoever else holds it must not get in with it.
   */
  async reissue(sessionId: string, manager: EntityManager): Promise<{ refreshToken: string; expiresAt: Date }> {
    const session = await this.repository.findById(sessionId, manager);
    if (!session) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    const now = this.clock.now();
    const expiresAt = slidingExpiry(now, this.config.sessions.idleTtl, session.maxExpiresAt);
    const generation = await this.repository.advanceGeneration(session.id, now, expiresAt, manager);
    if (generation === undefined) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return { refreshToken: this.codec.issue(session.id, generation, session.tokenSalt), expiresAt };
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
    if (session.revokedAt || found.userDisabled || isExpired(session, now)) return undefined;
    const current = presented.generation === session.tokenGeneration;
    const inGrace = presented.generation === session.tokenGeneration - 1 && isWithinGrace(session.rotatedAt, now, this.config.sessions.reuseGrace);
    return current || inGrace ? { sessionId: session.id, userId: session.userId } : undefined;
  }

  listLive(userId: string): Promise<Session[]> {
    return this.repository.findLiveByUser(userId, this.clock.now());
  }

  async rename(userId: string, sessionId: string, deviceName: string): Promise<Session> {
    const session = await this.findLiveOwned(userId, sessionId);
    await this.repository.rename(session.id, deviceName);
    return Object.assign(session, { deviceName });
  }

  /** Ends one live session of the user, recording who ended it from where. */
  async revokeOwned(userId: string, sessionId: string, client: ClientInfo, cause: RevocationCause = 'device'): Promise<void> {
    const session = await this.findLiveOwned(userId, sessionId);
    await this.revokeAndRecord(userId, [session], client, cause);
  }

  async revokeOthers(userId: string, currentSessionId: string, client: ClientInfo): Promise<void> {
    const others = (await this.listLive(userId)).filter((session) => session.id !== currentSessionId);
    await this.revokeAndRecord(userId, others, client, 'device');
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

  private async findLiveOwned(userId: string, sessionId: string): Promise<Session> {
    const session = await this.repository.findLiveOwned(userId, sessionId, this.clock.now());
    if (!session) throw new DomainError(ErrorCode.SESSION_NOT_FOUND);
    return session;
  }

  /** The session just opened always survives; the cap counts it among the `maxPerUser`. */
  private async enforceCap(userId: string, newest: string, now: Date, manager?: EntityManager): Promise<void> {
    const excess = await this.repository.findLiveBeyond(userId, newest, this.config.sessions.maxPerUser - 1, now, manager);
    await this.revokeAndRecord(userId, excess, { ip: null, userAgent: null }, 'cap', manager);
  }

  private async revokeAndRecord(userId: string, sessions: Session[], client: ClientInfo, cause: RevocationCause, manager?: EntityManager): Promise<void> {
    if (sessions.length === 0) return;
    await this.revocation.revokeSessions(userId, sessions.map((session) => session.id), cause, manager);
    for (const session of sessions) {
      await this.activity.record(userId, AuthEventType.SessionRevoked, { sessionId: session.id, deviceName: session.deviceName, ...client }, manager);
    }
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
