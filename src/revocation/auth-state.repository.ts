import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toDate } from '../common/database/sql-time.js';
import { Role } from '../identity/role.enum.js';
import { sessionEndMs } from '../sessions/session-policy.js';
import { AuthState } from './auth-state.js';

interface AuthStateRow {
  userId: string;
  role: Role;
  jwtVersion: number | string;
  disabledAt: unknown;
  revokedAt: unknown;
  expiresAt: unknown;
  maxExpiresAt: unknown;
}

const AUTH_STATE_SQL =
  'SELECT s.user_id AS userId, u.role AS role, u.jwt_version AS jwtVersion, u.disabled_at AS disabledAt, ' +
  's.revoked_at AS revokedAt, s.expires_at AS expiresAt, s.max_expires_at AS maxExpiresAt ' +
  'FROM sessions s INNER JOIN users u ON u.id = s.user_id WHERE s.id = ?';

/** The guard's one read on a cache miss. */
@Injectable()
export class AuthStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One primary-key join in plain SQL (same placeholder syntax on SQLite and MySQL): building it with the
   * query builder cost more than executing it.
   */
  async find(sessionId: string): Promise<AuthState | undefined> {
    const rows: AuthStateRow[] = await this.dataSource.query(AUTH_STATE_SQL, [sessionId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      session: {
        userId: row.userId,
        revoked: row.revokedAt !== null && row.revokedAt !== undefined,
        expiresAt: sessionEndMs({ expiresAt: toDate(row.expiresAt), maxExpiresAt: toDate(row.maxExpiresAt) }),
      },
      user: { jwtVersion: Number(row.jwtVersion), role: row.role, disabled: row.disabledAt !== null && row.disabledAt !== undefined },
    };
  }
}
