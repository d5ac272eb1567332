import type { EntityManager } from 'typeorm';
import { transactionManager } from './transaction-context.js';

/**
 * ` FOR UPDATE` on MySQL/MariaDB, where it holds the rows read until the transaction ends; nothing on
 * SQLite, whose transactions already run one at a time (SqliteTransactionGate).
 */
export function forUpdate(manager: EntityManager): string {
  return manager.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
}

/** Holds a user's row until the current transaction ends, so work on that user takes turns. */
export async function lockUserRow(userId: string): Promise<void> {
  const manager = transactionManager();
  await manager.query(`SELECT id FROM users WHERE id = ?${forUpdate(manager)}`, [userId]);
}
