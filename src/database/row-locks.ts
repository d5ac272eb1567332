import type { EntityManager } from 'typeorm';

/**
 * Holds a user's row until the transaction ends, so work on that user takes turns (MySQL/MariaDB row
 * lock). SQLite needs none: its transactions already run one at a time (SqliteTransactionGate).
 */
export async function lockUserRow(manager: EntityManager, userId: string): Promise<void> {
  if (manager.connection.options.type === 'better-sqlite3') return;
  await manager.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId]);
}
