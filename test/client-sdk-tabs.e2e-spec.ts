import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { setTimeout as realSleep } from 'node:timers/promises';
import { AuthClient, createAuthClient, webStorage } from '../client/index.js';
import type { TokenStorage } from '../client/index.js';
import { Clock } from '../src/common/clock/clock.js';
import { registerUser } from './factories/user.factory.js';
import { DateNowClock } from './support/date-now-clock.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

const TTL = 60;

/** localStorage as the tabs of one origin see it: one synchronous key-value store, no compare-and-set. */
function fakeLocalStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

/** A shared asynchronous store (IndexedDB, a server-side cache) whose every call takes a few real milliseconds. */
function latentStorage(storage: TokenStorage): TokenStorage {
  const later = async <T>(operation: () => T) => {
    await realSleep(5);
    return operation();
  };
  return {
    get: (key) => later(() => storage.get(key)) as Promise<string | null | undefined>,
    set: (key, value) => later(() => void storage.set(key, value)),
    remove: (key) => later(() => void storage.remove(key)),
  };
}

/**
 * With REFRESH_REUSE_GRACE=0 the service forgives nothing: a second refresh with the same token is reuse and
 * ends the session. Tabs whose timers are seeded alike all decide to renew at the same instant, so only
 * the SDK's own coordination (the storage lease; Node 20 has no Web Locks) keeps them signed in.
 */
describe('the client SDK in several tabs, with no grace window on the service', () => {
  let t: TestApp;
  let base: string;
  let refreshCalls = 0;
  const clients: AuthClient[] = [];

  const countingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (String(input).endsWith('/auth/refresh')) refreshCalls += 1;
    return fetch(input, init);
  };
  /** Every tab draws the same "random" jitter, so their renewal timers fire together. */
  const seededClock = { monotonic: () => performance.now(), wall: () => Date.now(), random: () => 0.5 };
  const openTab = (storage: TokenStorage) => {
    // No retry can be safe without a grace window, so the SDK is told so; the timeout is then free.
    const client = createAuthClient(
      { baseUrl: base, fetch: countingFetch, storage, key: 'autorenew.tabs', reuseGraceSeconds: 0, refreshTimeout: 60_000 },
      seededClock,
    );
    clients.push(client);
    return client;
  };
  /** Fake seconds, each followed by `pause` real milliseconds for HTTP, database and storage round trips. */
  const tick = async (ms: number, pause: number) => {
    for (let step = 0; step < ms; step += 1000) {
      await jest.advanceTimersByTimeAsync(Math.min(1000, ms - step));
      await realSleep(pause);
    }
  };

  beforeAll(async () => {
    t = await createTestApp(
      { ACCESS_TOKEN_TTL: String(TTL), JWT_CLOCK_SKEW: '0', REFRESH_REUSE_GRACE: '0' },
      { overrides: [[Clock, new DateNowClock()]] },
    );
    base = await listen(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    refreshCalls = 0;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime'] });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.stop();
    jest.useRealTimers();
  });

  const keepsOneRenewalPerLifetime = async (storage: TokenStorage, pause: number) => {
    const user = await registerUser(t.http);
    const tabs = [openTab(storage), openTab(storage), openTab(storage)];
    const signedOut = jest.fn();
    for (const tab of tabs) tab.on('signedOut', signedOut);
    await tabs[0].login({ email: user.email, password: user.password });
    // The other tabs pick the pair up from storage, and with it the same renewal instant.
    for (const tab of tabs.slice(1)) expect((await tab.fetch('/users/me')).status).toBe(200);
    expect(refreshCalls).toBe(0);

    const statuses: number[] = [];
    for (let lifetime = 1; lifetime <= 4; lifetime += 1) {
      await tick(TTL * 1000, pause);
      // Time keeps moving while the tabs call the API, as it would for a tab still waiting on the lease.
      const requests = Promise.all(tabs.map((tab) => tab.fetch('/users/me')));
      await tick(2000, pause);
      statuses.push(...(await requests).map((response) => response.status));
      expect(refreshCalls).toBe(lifetime);
    }

    expect(statuses).toEqual(Array(12).fill(200));
    expect(signedOut).not.toHaveBeenCalled();
    expect(await t.dataSource.query("SELECT id FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([]);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
    expect(Number(count)).toBe(1);
  };

  it('renews exactly once per lifetime across three tabs sharing localStorage whose timers fire at the same instant', async () => {
    await keepsOneRenewalPerLifetime(webStorage(fakeLocalStorage()), 3);
    // Real pauses between the tabs' timers, over several lifetimes (the slow-storage case below pauses longer).
  }, 15_000);

  it("renews exactly once per lifetime when the tabs' lease claims interleave on a slow shared storage", async () => {
    // A storage call outlasts the pause between two timers, so every tab reads the lease as free before any
    // claim is written: only the read-back after the claim leaves a single holder.
    await keepsOneRenewalPerLifetime(latentStorage(webStorage(fakeLocalStorage())), 25);
  }, 30_000);
});
