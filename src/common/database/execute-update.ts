import type { DataSource } from 'typeorm';

/**
 * Runs a plain-SQL UPDATE or DELETE and answers the affected-row count on SQLite and MySQL alike
 * (DataSource.query hands back driver-specific shapes, and none at all for SQLite's count).
 */
export async function executeUpdate(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).affected ?? 0;
  } finally {
    await runner.release();
  }
}
