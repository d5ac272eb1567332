import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/** `E2E_DB=mariadb` runs every e2e spec against the local MariaDB instead of in-memory SQLite. */
export const E2E_DB = process.env.E2E_DB === 'mariadb' ? 'mariadb' : 'sqlite';
export const MARIADB_URL = process.env.E2E_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
export const E2E_DATABASE_PREFIX = process.env.E2E_DATABASE_PREFIX ?? 'autorenew_e2e_';

/**
 * A database URL for one test app: a fresh in-memory SQLite (a file when the test must reconnect to
 * the same data), or a MariaDB database of this worker (`suffix` gives a separate one).
 */
export async function prepareDatabaseUrl(options: { persistent?: boolean; suffix?: string } = {}): Promise<string> {
  if (E2E_DB === 'sqlite') {
    return options.persistent ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'autorenew-e2e-')), 'db.sqlite')}` : 'sqlite::memory:';
  }
  const name = `${E2E_DATABASE_PREFIX}${process.env.JEST_WORKER_ID ?? '1'}${options.suffix ?? ''}`;
  const connection = await mysql.createConnection(MARIADB_URL);
  try {
    if (options.suffix) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
  return `${MARIADB_URL}/${name}`;
}
