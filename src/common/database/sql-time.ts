/**
 * Formats a Date the way our DATETIME(3) columns store it (UTC, `YYYY-MM-DD HH:mm:ss.SSS`).
 * Query-builder parameters bypass TypeORM's value conversion, and better-sqlite3 cannot bind a Date,
 * so every time we compare in SQL goes through this one format, which MySQL and SQLite order alike.
 */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Raw rows carry driver-specific values: a Date from mysql2, a UTC string from SQLite. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}
