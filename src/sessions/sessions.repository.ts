import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, Repository } from 'typeorm';
import { executeUpdate } from '../common/database/execute-update.js';
import { sqlTime } from '../common/database/sql-time.js';
import { Session } from './entities/session.entity.js';
import { INSERT_SESSION_SQL, SESSION_COLUMNS, SessionRow, insertSessionParameters, optionalDate, toSession } from './session-rows.js';

/** A session together with its owner's current token version, for issuing a new access token. */
export interface SessionWithOwner {
  session: Session;
  jwtVersion: number;
  userDisabled: boolean;
}

type SessionWithOwnerRow = SessionRow & { jwtVersion: number | string; disabledAt: unknown };

const SESSION_WITH_OWNER_SQL = `SELECT ${SESSION_COLUMNS}, u.jwt_version AS jwtVersion, u.disabled_at AS disabledAt FROM sessions s INNER JOIN users u ON u.id = s.user_id WHERE s.id = ?`;

const LIVE_BEYOND_SQL =
  `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.id <> ? ` +
  'ORDER BY s.last_used_at DESC, s.created_at DESC, s.id DESC LIMIT 1000 OFFSET ?';

const ROTATE_SQL =
  'UPDATE sessions SET token_generation = ?, rotated_at = ?, last_used_at = ?, expires_at = ? ' +
  'WHERE id = ? AND token_generation = ? AND revoked_at IS NULL';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: Session, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(INSERT_SESSION_SQL, insertSessionParameters(session));
  }

  /** The refresh path's one read (plain SQL: it runs on every refresh, on SQLite and MySQL alike). */
  async findWithOwner(sessionId: string): Promise<SessionWithOwner | undefined> {
    const rows: SessionWithOwnerRow[] = await this.dataSource.query(SESSION_WITH_OWNER_SQL, [sessionId]);
    const row = rows[0];
    if (!row) return undefined;
    const session = toSession(row);
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
  async findLiveBeyond(userId: string, newest: string, keep: number, now: Date, manager?: EntityManager): Promise<Session[]> {
    const rows: SessionRow[] = await (manager ?? this.dataSource).query(LIVE_BEYOND_SQL, [userId, sqlTime(now), newest, keep]);
    return rows.map(toSession);
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
