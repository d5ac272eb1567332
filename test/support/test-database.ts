import mysql from 'mysql2/promise';

/** `E2E_DB=mariadb` runs every e2e spec against the local MariaDB instead of in-memory SQLite. */
export const E2E_DB = process.env.E2E_DB === 'mariadb' ? 'mariadb' : 'sqlite';
export const MARIADB_URL = process.env.E2E_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
export const E2E_DATABASE_PREFIX = 'autorenew_e2e_';

/** A database URL for one test app: a fresh in-memory SQLite, or this worker's MariaDB database. */
export async function prepareDatabaseUrl(): Promise<string> {
  if (E2E_DB === 'sqlite') return 'sqlite::memory:';
  const name = `${E2E_DATABASE_PREFIX}${process.env.JEST_WORKER_ID ?? '1'}`;
  const connection = await mysql.createConnection(MARIADB_URL);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
  return `${MARIADB_URL}/${name}`;
}
