import { CONNECT_TIMEOUT_MS } from './data-source-options.js';

/**
 * How long a caller waits for a pooled MySQL connection. mysql2 queues `getConnection` with no limit, so
 * with every pooled connection stuck on a hung database a request would wait past its 503 (the request
 * deadline, 8 s, answers it but cancels nothing) and do its work once the database answers again: a
 * registration answered 503 would exist afterwards. Giving up before the deadline makes the 503 true.
 * Kept below REQUEST_TIMEOUT_MS (a unit test says so); equal to the connect timeout, so a request that
 * needs a new connection and one that waits for a pooled one give up alike.
 */
export const POOL_ACQUIRE_TIMEOUT_MS = CONNECT_TIMEOUT_MS;

/** The error a caller gets when no connection came in time; `isDatabaseUnavailable` maps its code to 503. */
export const POOL_ACQUIRE_TIMEOUT = 'POOL_ACQUIRE_TIMEOUT';

type Callback<C> = (error: Error | null, connection?: C) => void;

/** The part of a mysql2 pool this needs (TypeORM's MysqlDriver keeps it as `driver.pool`). */
export interface AcquiringPool<C extends { release(): void }> {
  getConnection(callback: Callback<C>): void;
}

/** Marks a callback already bounded, so mysql2 re-queueing it through `this.getConnection` adds no second timer. */
const BOUNDED = Symbol('bounded acquire');

/**
 * Replaces the pool's `getConnection` so that a caller still waiting after `timeoutMs` gets a
 * POOL_ACQUIRE_TIMEOUT error, and a connection that arrives after it gave up goes straight back to the
 * pool, never used. One place: the data source factory calls it once for a mysql pool.
 */
export function boundPoolAcquire<C extends { release(): void }>(pool: AcquiringPool<C>, timeoutMs = POOL_ACQUIRE_TIMEOUT_MS): void {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback: Callback<C>) => {
    if (BOUNDED in callback) return getConnection(callback);
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      const error = Object.assign(new Error(`No database connection within ${timeoutMs} ms`), { code: POOL_ACQUIRE_TIMEOUT });
      callback(error);
    }, timeoutMs);
    const bounded = Object.assign(
      (error: Error | null, connection?: C) => {
        if (gaveUp) {
          connection?.release();
          return;
        }
        clearTimeout(timer);
        callback(error, connection);
      },
      { [BOUNDED]: true },
    );
    getConnection(bounded);
  };
}
