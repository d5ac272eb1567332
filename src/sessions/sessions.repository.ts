import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { Role } from '../users/role.enum.js';
import { Session } from './entities/session.entity.js';

/** What the guard needs to accept an access token, read in one indexed lookup. */
export interface SessionAuthState {
  userId: string;
  role: Role;
  jwtVersion: number;
  userDisabled: boolean;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** A session together with its owner's current token version, for issuing a new access token. */
export interface SessionWithOwner {
  session: Session;
  jwtVersion: number;
  userDisabled: boolean;
}

interface AuthStateRow {
  userId: string;
  role: Role;
  jwtVersion: number | string;
  disabledAt: unknown;
  revokedAt: unknown;
  expiresAt: unknown;
}

const AUTH_STATE_SQL =
  'SELECT s.user_id AS userId, u.role AS role, u.jwt_version AS jwtVersion, u.disabled_at AS disabledAt, ' +
  's.revoked_at AS revokedAt, s.expires_at AS expiresAt FROM sessions s INNER JOIN users u ON u.id = s.user_id WHERE s.id = ?';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: Session, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(session);
  }

  /**
   * Runs on every authenticated request, so it is one primary-key join in plain SQL (same placeholder
   * syntax on SQLite and MySQL): building it with the query builder cost more than executing it.
   */
  async findAuthState(sessionId: string): Promise<SessionAuthState | undefined> {
    const rows: AuthStateRow[] = await this.dataSource.query(AUTH_STATE_SQL, [sessionId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      userId: row.userId,
      role: row.role,
      jwtVersion: Number(row.jwtVersion),
      userDisabled: row.disabledAt !== null && row.disabledAt !== undefined,
      revokedAt: row.revokedAt ? toDate(row.revokedAt) : null,
      expiresAt: toDate(row.expiresAt),
    };
  }

  async findWithOwner(sessionId: string): Promise<SessionWithOwner | undefined> {
    const session = await this.repo().findOne({ where: { id: sessionId }, relations: { user: true } });
    if (!session?.user) return undefined;
    const { user, ...rest } = session;
    return { session: Object.assign(new Session(), rest), jwtVersion: user.jwtVersion, userDisabled: user.disabledAt !== null };
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
  async rotate(sessionId: string, fromGeneration: number, now: Date, expiresAt: Date, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(Session)
      .set({ tokenGeneration: fromGeneration + 1, rotatedAt: now, lastUsedAt: now, expiresAt })
      .where('id = :sessionId AND token_generation = :fromGeneration AND revoked_at IS NULL', { sessionId, fromGeneration })
      .execute();
    return result.affected === 1;
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

  /** Revokes the given sessions of a user that are still unrevoked; answers how many it ended. */
  async revokeMany(userId: string, sessionIds: string[], now: Date, manager?: EntityManager): Promise<number> {
    if (sessionIds.length === 0) return 0;
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where({ userId, id: In(sessionIds) })
      .andWhere('revoked_at IS NULL')
      .execute();
    return result.affected ?? 0;
  }

  async revoke(sessionId: string, now: Date): Promise<boolean> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return result.affected === 1;
  }

  /** One UPDATE, so a session inserted concurrently is either revoked by it or inserted after it. */
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

/** Raw rows carry driver-specific values: a Date from mysql2, a UTC string from SQLite. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}
