import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AppConfig } from '../config/app-config.js';
import { DeviceInfo } from './device-info.js';
import { Session } from './entities/session.entity.js';
import { RefreshTokenCodec } from './refresh-token.codec.js';
import { isExpired, isWithinGrace, slidingExpiry } from './session-lifetime.js';
import { SessionWithVersion, SessionsRepository } from './sessions.repository.js';

/** A session after a successful refresh, with what is needed to issue the matching access token. */
export interface RenewedSession {
  sessionId: string;
  userId: string;
  jwtVersion: number;
  refreshToken: string;
}

const MAX_TEXT = { deviceName: 100, userAgent: 512, ip: 45 };

@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly codec: RefreshTokenCodec,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(userId: string, device: DeviceInfo, manager?: EntityManager): Promise<{ session: Session; refreshToken: string }> {
    const now = this.clock.now();
    const maxExpiresAt = new Date(now.getTime() + this.config.sessions.maxAge * 1000);
    const session = Object.assign(new Session(), {
      id: randomUUID(),
      userId,
      deviceName: clip(device.deviceName, MAX_TEXT.deviceName),
      userAgent: clip(device.userAgent, MAX_TEXT.userAgent),
      ip: clip(device.ip, MAX_TEXT.ip),
      tokenSalt: RefreshTokenCodec.newSalt(),
      tokenGeneration: 0,
      rotatedAt: null,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: slidingExpiry(now, this.config.sessions.idleTtl, maxExpiresAt),
      maxExpiresAt,
      revokedAt: null,
    });
    await this.repository.insert(session, manager);
    return { session, refreshToken: this.codec.issue(session.id, 0, session.tokenSalt) };
  }

  /** Exchanges a refresh token for its successor; see docs/sessions.md for the races this handles. */
  async refresh(refreshToken: unknown): Promise<RenewedSession> {
    const presented = this.codec.parse(refreshToken);
    if (!presented) throw new DomainError(ErrorCode.INVALID_REFRESH_TOKEN);
    const found = await this.repository.findWithVersion(presented.sessionId);
    // A token we did not issue never touches the session: only our own, replayed tokens count as reuse.
    if (!found || !this.codec.isAuthentic(presented, found.session.tokenSalt)) {
      throw new DomainError(ErrorCode.INVALID_REFRESH_TOKEN);
    }
    return this.advance(presented.generation, found, true);
  }

  private async advance(generation: number, found: SessionWithVersion, mayRetry: boolean): Promise<RenewedSession> {
    const { session, jwtVersion } = found;
    const now = this.clock.now();
    if (session.revokedAt) throw new DomainError(ErrorCode.SESSION_REVOKED);
    if (isExpired(session, now)) throw new DomainError(ErrorCode.SESSION_EXPIRED);

    if (generation === session.tokenGeneration) {
      const expiresAt = slidingExpiry(now, this.config.sessions.idleTtl, session.maxExpiresAt);
      if (await this.repository.rotate(session.id, generation, now, expiresAt)) {
        return this.renewed(session, jwtVersion, generation + 1);
      }
      // Another request rotated this token between our read and our write: judge again against its result.
      const latest = mayRetry ? await this.repository.findWithVersion(session.id) : undefined;
      if (!latest) throw new DomainError(ErrorCode.INVALID_REFRESH_TOKEN);
      return this.advance(generation, latest, false);
    }

    // A second tab or a retry after a lost response: hand out the successor the first caller received.
    if (generation === session.tokenGeneration - 1 && isWithinGrace(session.rotatedAt, now, this.config.sessions.reuseGrace)) {
      return this.renewed(session, jwtVersion, session.tokenGeneration);
    }

    // An authentic but superseded token is being replayed: assume theft and end the whole session.
    await this.repository.revoke(session.id, now);
    throw new DomainError(ErrorCode.INVALID_REFRESH_TOKEN);
  }

  /** Gives the current session a fresh refresh token (after a password change). */
  async reissue(sessionId: string, manager: EntityManager): Promise<string> {
    const found = await this.repository.findWithVersion(sessionId);
    if (!found) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    const { session } = found;
    const now = this.clock.now();
    const expiresAt = slidingExpiry(now, this.config.sessions.idleTtl, session.maxExpiresAt);
    if (!(await this.repository.rotate(session.id, session.tokenGeneration, now, expiresAt, manager))) {
      throw new DomainError(ErrorCode.TOKEN_REVOKED);
    }
    return this.codec.issue(session.id, session.tokenGeneration + 1, session.tokenSalt);
  }

  listLive(userId: string): Promise<Session[]> {
    return this.repository.findLiveByUser(userId, this.clock.now());
  }

  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    if (!(await this.repository.revokeForUser(userId, sessionId, this.clock.now()))) {
      throw new DomainError(ErrorCode.SESSION_NOT_FOUND);
    }
  }

  revokeAllExcept(userId: string, currentSessionId: string, manager?: EntityManager): Promise<number> {
    return this.repository.revokeAllForUser(userId, this.clock.now(), { except: currentSessionId, manager });
  }

  revokeAll(userId: string, manager?: EntityManager): Promise<number> {
    return this.repository.revokeAllForUser(userId, this.clock.now(), { manager });
  }

  async revoke(sessionId: string): Promise<void> {
    await this.repository.revoke(sessionId, this.clock.now());
  }

  private renewed(session: Session, jwtVersion: number, generation: number): RenewedSession {
    return {
      sessionId: session.id,
      userId: session.userId,
      jwtVersion,
      refreshToken: this.codec.issue(session.id, generation, session.tokenSalt),
    };
  }
}

function clip(value: string | null | undefined, max: number): string | null {
  if (!value) return null;
  return value.length > max ? value.slice(0, max) : value;
}
