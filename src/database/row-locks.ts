import type { EntityManager } from 'typeorm';

/**
 * ` FOR UPDATE` on MySQL/MariaDB, where it holds the rows read until the transaction ends; nothing on
 * SQLite, whose transactions already run one at a time (SqliteTransactionGate).
 */
export function forUpdate(manager: EntityManager): string {
  return manager.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
}

/** Holds a user's row until the transaction ends, so work on that user takes turns. */
export async function lockUserRow(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT id FROM users WHERE id = ?${forUpdate(manager)}`, [userId]);
}
