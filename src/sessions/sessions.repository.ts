import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, Repository } from 'typeorm';
import { executeUpdate } from '../common/database/execute-update.js';
import { sqlTime, toDate } from '../common/database/sql-time.js';
import { Session } from './entities/session.entity.js';

/** A session together with its owner's current token version, for issuing a new access token. */
export interface SessionWithOwner {
  session: Session;
  jwtVersion: number;
  userDisabled: boolean;
}

interface SessionWithOwnerRow {
  id: string;
  userId: string;
  deviceName: string | null;
  userAgent: string | null;
  ip: string | null;
  tokenSalt: string;
  tokenGeneration: number | string;
  rotatedAt: unknown;
  createdAt: unknown;
  lastUsedAt: unknown;
  expiresAt: unknown;
  maxExpiresAt: unknown;
  revokedAt: unknown;
  jwtVersion: number | string;
  disabledAt: unknown;
}

const SESSION_WITH_OWNER_SQL =
  'SELECT s.id AS id, s.user_id AS userId, s.device_name AS deviceName, s.user_agent AS userAgent, s.ip AS ip, ' +
  's.token_salt AS tokenSalt, s.token_generation AS tokenGeneration, s.rotated_at AS rotatedAt, s.created_at AS createdAt, ' +
  's.last_used_at AS lastUsedAt, s.expires_at AS expiresAt, s.max_expires_at AS maxExpiresAt, s.revoked_at AS revokedAt, ' +
  'u.jwt_version AS jwtVersion, u.disabled_at AS disabledAt FROM sessions s INNER JOIN users u ON u.id = s.user_id WHERE s.id = ?';

const ROTATE_SQL =
  'UPDATE sessions SET token_generation = ?, rotated_at = ?, last_used_at = ?, expires_at = ? ' +
  'WHERE id = ? AND token_generation = ? AND revoked_at IS NULL';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: Session, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(session);
  }

  /** The refresh path's one read (plain SQL: it runs on every refresh, on SQLite and MySQL alike). */
  async findWithOwner(sessionId: string): Promise<SessionWithOwner | undefined> {
    const rows: SessionWithOwnerRow[] = await this.dataSource.query(SESSION_WITH_OWNER_SQL, [sessionId]);
    const row = rows[0];
    if (!row) return undefined;
    const session = Object.assign(new Session(), {
      id: row.id,
      userId: row.userId,
      deviceName: row.deviceName,
      userAgent: row.userAgent,
      ip: row.ip,
      tokenSalt: row.tokenSalt,
      tokenGeneration: Number(row.tokenGeneration),
      rotatedAt: optionalDate(row.rotatedAt),
      createdAt: toDate(row.createdAt),
      lastUsedAt: toDate(row.lastUsedAt),
      expiresAt: toDate(row.expiresAt),
      maxExpiresAt: toDate(row.maxExpiresAt),
      revokedAt: optionalDate(row.revokedAt),
    });
    return { session, jwtVersion: Number(row.jwtVersion), userDisabled: optionalDate(row.disabledAt) !== null };
  }

  findLiveByUser(userId: string, now: Date): Promise<Session[]> {
    return this.liveQuery(userId, now).orderBy('s.last_used_at', 'DESC').addOrderBy('s.created_at', 'DESC').getMany();
  }

  async findLiveOwned(userId: string, sessionId: string, now: Date): Promise<Session | undefined> {
    return (await this.liveQuery(userId, now).andWhere('s.id = :sessionId', { sessionId }).getOne()) ?? undefined;
  }

  /**
   * Compare-and-set rotation: only the caller that still sees `fromGeneration` moves the session on.
   * Concurrent refreshes with one token therefore cannot both rotate, on SQLite or under InnoDB row locks.
   */
  async rotate(sessionId: string, fromGeneration: number, now: Date, expiresAt: Date): Promise<boolean> {
    const at = sqlTime(now);
    return (await executeUpdate(this.dataSource, ROTATE_SQL, [fromGeneration + 1, at, at, sqlTime(expiresAt), sessionId, fromGeneration])) === 1;
  }

  /**
   * Moves a live session to its next generation unconditionally (inside the caller's transaction) and
   * answers the new generation; `rotated_at` is cleared so the replaced token gets no grace window.
   */
  async advanceGeneration(sessionId: string, now: Date, expiresAt: Date, manager: EntityManager): Promise<number | undefined> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(Session)
      .set({ tokenGeneration: () => 'token_generation + 1', rotatedAt: null, lastUsedAt: now, expiresAt })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    if (result.affected !== 1) return undefined;
    const session = await this.repo(manager).findOne({ where: { id: sessionId }, select: { id: true, tokenGeneration: true } });
    return session?.tokenGeneration;
  }

  async findById(sessionId: string, manager?: EntityManager): Promise<Session | undefined> {
    return (await this.repo(manager).findOneBy({ id: sessionId })) ?? undefined;
  }

  async rename(sessionId: string, deviceName: string): Promise<void> {
    await this.repo().update({ id: sessionId }, { deviceName });
  }

  /** Live sessions of a user other than `newest`, beyond the `keep` most recently used (ties by id). */
  findLiveBeyond(userId: string, newest: string, keep: number, now: Date, manager?: EntityManager): Promise<Session[]> {
    return this.liveQuery(userId, now, manager)
      .andWhere('s.id <> :newest', { newest })
      .orderBy('s.last_used_at', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .offset(keep)
      .limit(1000)
      .getMany();
  }

  /** Deletes sessions that ended (revoked or expired) before the cutoff. */
  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const result = await this.repo()
      .createQueryBuilder()
      .delete()
      .from(Session)
      .where(new Brackets((where) => where.where('revoked_at < :cutoff').orWhere('expires_at < :cutoff')))
      .setParameters({ cutoff: sqlTime(cutoff) })
      .execute();
    return result.affected ?? 0;
  }

  private liveQuery(userId: string, now: Date, manager?: EntityManager) {
    return this.repo(manager)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now', { userId, now: sqlTime(now) });
  }

  private repo(manager?: EntityManager): Repository<Session> {
    return (manager ?? this.dataSource.manager).getRepository(Session);
  }
}

function optionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}
