import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { REQUEST_TIMEOUT_MS } from '../http/request-deadline.js';
import { isDatabaseUnavailable } from '../common/database/is-database-unavailable.js';
import { POOL_ACQUIRE_TIMEOUT, POOL_ACQUIRE_TIMEOUT_MS, boundPoolAcquire } from './bounded-pool-acquire.js';

type Callback = (error: Error | null, connection?: FakeConnection) => void;

class FakeConnection {
  released = 0;
  release(): void {
    this.released += 1;
  }
}

/** Queues callers like mysql2 with every connection busy; the test hands out connections or errors. */
class FakePool {
  readonly waiting: Callback[] = [];
  getConnection(callback: Callback): void {
    this.waiting.push(callback);
  }
  /** mysql2 re-queues a waiter through its own (now wrapped) `getConnection` when a dead connection leaves. */
  requeueFirst(): void {
    this.getConnection(this.waiting.shift()!);
  }
}

describe('boundPoolAcquire', () => {
  let pool: FakePool;
  beforeEach(() => {
    jest.useFakeTimers();
    pool = new FakePool();
    boundPoolAcquire(pool, 1000);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const acquire = () => {
    const calls: Parameters<Callback>[] = [];
    pool.getConnection((...args) => calls.push(args));
    return calls;
  };

  it('gives a caller still waiting at the bound an error the service answers 503, once', () => {
    const calls = acquire();
    jest.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(calls).toHaveLength(1);
    const [error, connection] = calls[0];
    expect(error).toMatchObject({ code: POOL_ACQUIRE_TIMEOUT });
    expect(connection).toBeUndefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('releases a connection that arrives after the caller gave up straight back to the pool, unseen', () => {
    const calls = acquire();
    jest.advanceTimersByTime(1000);
    const late = new FakeConnection();
    pool.waiting[0](null, late);
    expect(late.released).toBe(1);
    expect(calls).toHaveLength(1);
    // A late error has nobody to tell either.
    pool.waiting[0](new Error('late'));
    expect(calls).toHaveLength(1);
  });

  it('passes a connection in time through and leaves no timer behind', () => {
    const calls = acquire();
    jest.advanceTimersByTime(999);
    const connection = new FakeConnection();
    pool.waiting[0](null, connection);
    expect(calls).toEqual([[null, connection]]);
    expect(connection.released).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(10_000);
    expect(calls).toHaveLength(1);
  });

  it('passes a driver error in time through unchanged and leaves no timer behind', () => {
    const calls = acquire();
    const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    pool.waiting[0](refused);
    expect(calls).toEqual([[refused, undefined]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('adds no second timer when the pool re-queues a waiter through getConnection', () => {
    const calls = acquire();
    pool.requeueFirst();
    expect(pool.waiting).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(1);
    const connection = new FakeConnection();
    pool.waiting[0](null, connection);
    expect(calls).toEqual([[null, connection]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up before the request deadline answers, so a 503 is never followed by the work', () => {
    expect(POOL_ACQUIRE_TIMEOUT_MS).toBeLessThan(REQUEST_TIMEOUT_MS);
  });
});
