/** Network and driver conditions meaning "the database cannot be reached now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  // Ours: no pooled connection came within the acquire bound (src/database/bounded-pool-acquire.ts).
  'POOL_ACQUIRE_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** TypeORM's own errors for a data source that is closed or not yet connected. */
const UNAVAILABLE_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'QueryRunnerAlreadyReleasedError',
  'PoolClosedError',
]);

/** better-sqlite3 once closed; TypeORM's mysql driver without a pool; mysql2 once its pool is closed. */
const UNAVAILABLE_MESSAGES = /^(The database connection is not open|Connection is not established with \w+ database|Pool is closed\.?)$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const { code, name, fatal, message } = current as { code?: unknown; name?: unknown; fatal?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
    // mysql2 marks errors that killed the connection as fatal; the others are said only in words.
    if (fatal === true || (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message))) return true;
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
