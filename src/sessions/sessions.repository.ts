import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { User } from '../users/entities/user.entity.js';
import { Session } from './entities/session.entity.js';

/** What the guard needs to accept an access token, read in one indexed lookup. */
export interface SessionAuthState {
  userId: string;
  jwtVersion: number;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** A session together with the owner's current token version, for issuing a new access token. */
export interface SessionWithVersion {
  session: Session;
  jwtVersion: number;
}

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: Session, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(session);
  }

  async findAuthState(sessionId: string): Promise<SessionAuthState | undefined> {
    const row = await this.repo()
      .createQueryBuilder('s')
      .innerJoin(User, 'u', 'u.id = s.user_id')
      .select(['s.user_id AS userId', 'u.jwt_version AS jwtVersion', 's.revoked_at AS revokedAt', 's.expires_at AS expiresAt'])
      .where('s.id = :sessionId', { sessionId })
      .getRawOne<{ userId: string; jwtVersion: number | string; revokedAt: unknown; expiresAt: unknown }>();
    if (!row) return undefined;
    return {
      userId: row.userId,
      jwtVersion: Number(row.jwtVersion),
      revokedAt: row.revokedAt ? toDate(row.revokedAt) : null,
      expiresAt: toDate(row.expiresAt),
    };
  }

  async findWithVersion(sessionId: string): Promise<SessionWithVersion | undefined> {
    const session = await this.repo().findOne({ where: { id: sessionId }, relations: { user: true } });
    if (!session?.user) return undefined;
    const { user, ...rest } = session;
    return { session: Object.assign(new Session(), rest), jwtVersion: user.jwtVersion };
  }

  findLiveByUser(userId: string, now: Date): Promise<Session[]> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now', { userId, now: sqlTime(now) })
      .orderBy('s.last_used_at', 'DESC')
      .getMany();
  }

  /**
   * Compare-and-set rotation: only the caller that still sees `fromGeneration` moves the session on.
   * Concurrent refreshes with one token therefore cannot both rotate, on SQLite or under InnoDB row locks.
   */
  async rotate(sessionId: string, fromGeneration: number, now: Date, expiresAt: Date, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(Session)
      .set({ tokenGeneration: fromGeneration + 1, rotatedAt: now, lastUsedAt: now, expiresAt })
      .where('id = :sessionId AND token_generation = :fromGeneration AND revoked_at IS NULL', { sessionId, fromGeneration })
      .execute();
    return result.affected === 1;
  }

  /** Revokes one live session of a user; false when there is no such live session. */
  async revokeForUser(userId: string, sessionId: string, now: Date): Promise<boolean> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL AND expires_at > :now', { sessionId, userId, now: sqlTime(now) })
      .execute();
    return result.affected === 1;
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    await this.repo()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
  }

  async revokeAllForUser(userId: string, now: Date, options: { except?: string; manager?: EntityManager } = {}): Promise<number> {
    const query = this.repo(options.manager)
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (options.except) query.andWhere('id <> :except', { except: options.except });
    const result = await query.execute();
    return result.affected ?? 0;
  }

  private repo(manager?: EntityManager): Repository<Session> {
    return (manager ?? this.dataSource.manager).getRepository(Session);
  }
}

/** Raw rows carry driver-specific values: a Date from mysql2, a UTC string from SQLite. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}
