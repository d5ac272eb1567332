import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { executeUpdate } from '../common/database/execute-update.js';
import { sqlTime } from '../common/database/sql-time.js';
import { currentManager } from '../common/database/transaction-context.js';
import { Session } from './entities/session.entity.js';
import { endedBeforeSql, liveSessionSql } from './session-policy.js';
import { INSERT_SESSION_SQL, SESSION_COLUMNS, SessionRow, insertSessionParameters, optionalDate, toSession } from './session-rows.js';

/** A session together with its owner's current token version, for issuing a new access token. */
export interface SessionWithOwner {
  session: Session;
  jwtVersion: number;
  userDisabled: boolean;
}

type SessionWithOwnerRow = SessionRow & { jwtVersion: number | string; disabledAt: unknown };

const SESSION_WITH_OWNER_SQL = `SELECT ${SESSION_COLUMNS}, u.jwt_version AS jwtVersion, u.disabled_at AS disabledAt FROM sessions s INNER JOIN users u ON u.id = s.user_id WHERE s.id = ?`;

/** Most recently used first: the device list's order, and the order in which the cap keeps sessions. */
const MOST_RECENTLY_USED = 'ORDER BY s.last_used_at DESC, s.created_at DESC, s.id DESC';

const ROTATE_SQL =
  'UPDATE sessions SET token_generation = ?, rotated_at = ?, last_used_at = ?, expires_at = ? ' +
  'WHERE id = ? AND token_generation = ? AND revoked_at IS NULL';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: Session): Promise<void> {
    await currentManager(this.dataSource).query(INSERT_SESSION_SQL, insertSessionParameters(session));
  }

  /** The refresh path's one read (plain SQL: it runs on every refresh, on SQLite and MySQL alike). */
  async findWithOwner(sessionId: string): Promise<SessionWithOwner | undefined> {
    const rows: SessionWithOwnerRow[] = await currentManager(this.dataSource).query(SESSION_WITH_OWNER_SQL, [sessionId]);
    const row = rows[0];
    if (!row) return undefined;
    const session = toSession(row);
    return { session, jwtVersion: Number(row.jwtVersion), userDisabled: optionalDate(row.disabledAt) !== null };
  }

  /** The user's live sessions (session-policy.ts decides "live"), most recently used first. */
  findLiveByUser(userId: string, now: Date): Promise<Session[]> {
    return this.findLive(userId, now, MOST_RECENTLY_USED);
  }

  async findLiveOwned(userId: string, sessionId: string, now: Date): Promise<Session | undefined> {
    return (await this.findLive(userId, now, 'AND s.id = ?', [sessionId]))[0];
  }

  /**
   * Compare-and-set rotation: only the caller that still sees `fromGeneration` moves the session on.
   * Concurrent refreshes with one token therefore cannot both rotate, on SQLite or under InnoDB row locks.
   */
  async rotate(sessionId: string, fromGeneration: number, now: Date, expiresAt: Date): Promise<boolean> {
    const at = sqlTime(now);
    return (
      (await executeUpdate(this.dataSource, ROTATE_SQL, [fromGeneration + 1, at, at, sqlTime(expiresAt), sessionId, fromGeneration])) === 1
    );
  }

  /**
   * Moves a live session to its next generation unconditionally (inside the current transaction) and
   * answers the new generation; `rotated_at` is cleared so the replaced token gets no grace window.
   */
  async advanceGeneration(sessionId: string, now: Date, expiresAt: Date): Promise<number | undefined> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(Session)
      .set({ tokenGeneration: () => 'token_generation + 1', rotatedAt: null, lastUsedAt: now, expiresAt })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    if (result.affected !== 1) return undefined;
    const session = await this.repo().findOne({ where: { id: sessionId }, select: { id: true, tokenGeneration: true } });
    return session?.tokenGeneration;
  }

  async findById(sessionId: string): Promise<Session | undefined> {
    return (await this.repo().findOneBy({ id: sessionId })) ?? undefined;
  }

  async rename(sessionId: string, deviceName: string): Promise<void> {
    await this.repo().update({ id: sessionId }, { deviceName });
  }

  /** Live sessions of a user other than `newest`, beyond the `keep` most recently used (ties by id). */
  findLiveBeyond(userId: string, newest: string, keep: number, now: Date): Promise<Session[]> {
    return this.findLive(userId, now, `AND s.id <> ? ${MOST_RECENTLY_USED} LIMIT 1000 OFFSET ?`, [newest, keep]);
  }

  /** Deletes sessions that ended (revoked or expired) before the cutoff. */
  deleteEndedBefore(cutoff: Date): Promise<number> {
    const ended = endedBeforeSql(cutoff);
    return executeUpdate(this.dataSource, `DELETE FROM sessions WHERE ${ended.sql}`, ended.parameters);
  }

  private async findLive(userId: string, now: Date, rest: string, parameters: unknown[] = []): Promise<Session[]> {
    const live = liveSessionSql('s', now);
    const sql = `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.user_id = ? AND ${live.sql} ${rest}`;
    const rows: SessionRow[] = await currentManager(this.dataSource).query(sql, [userId, ...live.parameters, ...parameters]);
    return rows.map(toSession);
  }

  private repo(): Repository<Session> {
    return currentManager(this.dataSource).getRepository(Session);
  }
}
