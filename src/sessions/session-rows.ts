import { sqlTime, toDate } from '../common/database/sql-time.js';
import { Session } from './entities/session.entity.js';

/**
 * Plain SQL for the sessions table on the paths every sign-in and refresh takes (building these with
 * TypeORM's query builder cost more CPU than running them: docs/performance.md). Same SQL on SQLite
 * and MySQL; times go through sqlTime/toDate like everywhere else.
 */
export const SESSION_COLUMNS =
  's.id AS id, s.user_id AS userId, s.device_name AS deviceName, s.user_agent AS userAgent, s.ip AS ip, ' +
  's.token_salt AS tokenSalt, s.token_generation AS tokenGeneration, s.rotated_at AS rotatedAt, s.created_at AS createdAt, ' +
  's.last_used_at AS lastUsedAt, s.expires_at AS expiresAt, s.max_expires_at AS maxExpiresAt, s.revoked_at AS revokedAt';

export const INSERT_SESSION_SQL =
  'INSERT INTO sessions (id, user_id, device_name, user_agent, ip, token_salt, token_generation, rotated_at, created_at, ' +
  'last_used_at, expires_at, max_expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

export interface SessionRow {
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
}

export function toSession(row: SessionRow): Session {
  return Object.assign(new Session(), {
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
}

export function insertSessionParameters(session: Session): unknown[] {
  return [
    session.id,
    session.userId,
    session.deviceName,
    session.userAgent,
    session.ip,
    session.tokenSalt,
    session.tokenGeneration,
    optionalSqlTime(session.rotatedAt),
    sqlTime(session.createdAt),
    sqlTime(session.lastUsedAt),
    sqlTime(session.expiresAt),
    sqlTime(session.maxExpiresAt),
    optionalSqlTime(session.revokedAt),
  ];
}

export function optionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

function optionalSqlTime(value: Date | null): string | null {
  return value ? sqlTime(value) : null;
}
