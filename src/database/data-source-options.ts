import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { Session } from '../sessions/entities/session.entity.js';
import { User } from '../users/entities/user.entity.js';
import { AuthEvent } from '../activity/entities/auth-event.entity.js';
import { InitialSchema1764400000000 } from './migrations/1764400000000-initial-schema.js';
import { RolesAndAuthEvents1764500000000 } from './migrations/1764500000000-roles-and-auth-events.js';
import { PasswordResetTokens1764600000000 } from './migrations/1764600000000-password-reset-tokens.js';
import { NormalisedEmails1764700000000 } from './migrations/1764700000000-normalised-emails.js';
import { PasswordResetToken } from '../password-reset/entities/password-reset-token.entity.js';

export const ENTITIES = [User, Session, AuthEvent, PasswordResetToken];
/** In order; listed rather than globbed so the same list works from ts-jest and from dist/. */
export const MIGRATIONS = [
  InitialSchema1764400000000,
  RolesAndAuthEvents1764500000000,
  PasswordResetTokens1764600000000,
  NormalisedEmails1764700000000,
];

/** Bounded so that an unreachable database fails a request quickly instead of hanging it. */
export const CONNECT_TIMEOUT_MS = 5000;

/** Builds TypeORM options from `DATABASE_URL`; the service and the migration CLI share it. */
export function dataSourceOptions(url: string): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, synchronize: false } as const;
  if (url.startsWith('mysql://')) {
    return {
      ...common,
      type: 'mysql',
      url,
      timezone: 'Z',
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Keep-alive notices a silently dropped connection instead of letting a query hang on it.
      extra: { connectionLimit: 20, enableKeepAlive: true, keepAliveInitialDelay: 10_000 },
    };
  }
  const database = url.slice('sqlite:'.length);
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  return { ...common, type: 'better-sqlite3', database, enableWAL: database !== ':memory:', timeout: CONNECT_TIMEOUT_MS };
}
