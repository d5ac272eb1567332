import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import axios from 'axios';
import { setTimeout as realSleep } from 'node:timers/promises';
import { AuthClient, attachAxios, createAuthClient, memoryStorage } from '../client/index.js';
import type { TokenStorage } from '../client/index.js';
import { Clock } from '../src/common/clock/clock.js';
import { registerUser } from './factories/user.factory.js';
import { DateNowClock } from './support/date-now-clock.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

const TTL = 60;
/** tick() pauses a few real ms per faked second: the longest test moves five lifetimes (~300 faked seconds). */
const TICKING_MS = 15_000;

/** Our own SDK against the in-process service, on one faked timeline (timers, Date, performance). */
describe('the client SDK', () => {
  let t: TestApp;
  let base: string;
  let refreshCalls = 0;
  let failNextRefreshes = 0;
  let loseNextRefreshAnswers = 0;
  const clients: AuthClient[] = [];

  // Counts renewals, and can answer the next refreshes with a 503 as a failing proxy would.
  const countingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (String(input).endsWith('/auth/refresh')) {
      refreshCalls += 1;
      if (failNextRefreshes > 0) {
        failNextRefreshes -= 1;
        return new Response('{"code":"SERVICE_UNAVAILABLE"}', { status: 503, headers: { 'retry-after': '1' } });
      }
      if (loseNextRefreshAnswers > 0) {
        // The service rotates the token, but its answer never arrives: the client only sees its own timeout.
        loseNextRefreshAnswers -= 1;
        await fetch(input, { ...init, signal: undefined });
        return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
      }
    }
    return fetch(input, init);
  };
  const makeClient = (storage: TokenStorage = memoryStorage(), proactive = true) => {
    const client = createAuthClient({ baseUrl: base, fetch: countingFetch, storage, proactive, key: `autorenew.${Math.random()}` });
    clients.push(client);
    return client;
  };
  const signIn = async (storage?: TokenStorage, proactive = true) => {
    const user = await registerUser(t.http);
    const client = makeClient(storage, proactive);
    await client.login({ email: user.email, password: user.password });
    return { client, user };
  };
  /**
   * Moves the faked timeline in one-second steps, pausing a few real milliseconds after each so that
   * HTTP and database round trips started by a timer finish before time moves on (a request must not
   * see eight fake seconds pass while it waits on real I/O, or the service's request timeout fires).
   */
  const tick = async (ms: number) => {
    for (let step = 0; step < ms; step += 1000) {
      await jest.advanceTimersByTimeAsync(Math.min(1000, ms - step));
      await realSleep(3);
    }
  };

  beforeAll(async () => {
    t = await createTestApp(
      { ACCESS_TOKEN_TTL: String(TTL), JWT_CLOCK_SKEW: '0', REFRESH_REUSE_GRACE: '10s' },
      { overrides: [[Clock, new DateNowClock()]] },
    );
    base = await listen(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    refreshCalls = 0;
    failNextRefreshes = 0;
    loseNextRefreshAnswers = 0;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime'] });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.stop();
    jest.useRealTimers();
  });

  it('keeps a body-mode sign-in’s device token across sign-outs and presents it at the next sign-in', async () => {
    const user = await registerUser(t.http);
    const storage = memoryStorage();
    const loginBodies: Array<Record<string, unknown>> = [];
    const recording = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/auth/login')) loginBodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const client = createAuthClient({ baseUrl: base, fetch: recording, storage, key: 'autorenew.devices' });
    clients.push(client);
    await client.login({ email: user.email, password: user.password });
    const deviceToken = await storage.get('autorenew.devices.device');
    expect(deviceToken).toMatch(/^dv1\./);
    await client.logout();
    expect(await storage.get('autorenew.devices.device')).toBe(deviceToken);
    await client.login({ email: user.email, password: user.password });
    expect(loginBodies.map((body) => body.deviceToken)).toEqual([undefined, deviceToken]);
  });

  it(
    'keeps an active user signed in over several lifetimes with no failed request, renewing at a steady pace',
    async () => {
      const { client } = await signIn();
      const statuses: number[] = [];
      for (let elapsed = 0; elapsed < 5 * TTL * 1000; elapsed += 2000) {
        await tick(2000);
        statuses.push((await client.fetch('/users/me')).status);
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      // One renewal per lifetime (at ~53 s of each 60 s), not a storm.
      expect(refreshCalls).toBeGreaterThanOrEqual(5);
      expect(refreshCalls).toBeLessThanOrEqual(6);
    },
    TICKING_MS,
  );

  it(
    'renews exactly once for 30 concurrent requests that all come back 401 TOKEN_EXPIRED',
    async () => {
      // The client is told a longer lifetime than the token has, so it sends the expired token and learns
      // of the expiry only from the 401s.
      const lying = async (input: string | URL | Request, init?: RequestInit) => {
        const response = await countingFetch(input, init);
        if (!/\/auth\/(login|refresh)$/.test(String(input)) || !response.ok) return response;
        const body = (await response.json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, expires_in: 10 * TTL }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      };
      const user = await registerUser(t.http);
      const client = createAuthClient({ baseUrl: base, fetch: lying, proactive: false, key: 'autorenew.lying' });
      clients.push(client);
      await client.login({ email: user.email, password: user.password });
      await tick((TTL + 1) * 1000);
      const responses = await Promise.all(Array.from({ length: 30 }, () => client.fetch('/users/me')));
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
      expect(refreshCalls).toBe(1);
    },
    TICKING_MS,
  );

  it(
    'renews exactly once for 30 concurrent requests that meet an expired token',
    async () => {
      const { client } = await signIn(undefined, false);
      await tick((TTL + 1) * 1000);
      const responses = await Promise.all(Array.from({ length: 30 }, () => client.fetch('/users/me')));
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
      expect(refreshCalls).toBe(1);
    },
    TICKING_MS,
  );

  it(
    'keeps two clients sharing one storage signed in with one server session and no reuse',
    async () => {
      const storage = memoryStorage();
      const user = await registerUser(t.http);
      const key = 'autorenew.shared-tabs';
      const first = createAuthClient({ baseUrl: base, fetch: countingFetch, storage, key });
      const second = createAuthClient({ baseUrl: base, fetch: countingFetch, storage, key });
      clients.push(first, second);
      await first.login({ email: user.email, password: user.password });
      const statuses: number[] = [];
      for (let elapsed = 0; elapsed < 4 * TTL * 1000; elapsed += 3000) {
        await tick(3000);
        statuses.push((await first.fetch('/users/me')).status, (await second.fetch('/users/me')).status);
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      // One renewal per lifetime for both together: they coordinate rather than each spending the token.
      expect(refreshCalls).toBeGreaterThanOrEqual(3);
      expect(refreshCalls).toBeLessThanOrEqual(5);
      const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
      expect(Number(count)).toBe(1);
      expect(await t.dataSource.query("SELECT id FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([]);
    },
    TICKING_MS,
  );

  it(
    'signs out once on revocation elsewhere and stops calling refresh',
    async () => {
      const { client, user } = await signIn();
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      const elsewhere = (await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
      await t.http.post('/auth/logout-all').set('Authorization', `Bearer ${elsewhere.access_token}`).expect(204);

      expect((await client.fetch('/users/me')).status).toBe(401);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(signedOut).toHaveBeenCalledWith({ reason: 'revoked' });
      const afterwards = await client.fetch('/users/me');
      expect(((await afterwards.json()) as { code: string }).code).toBe('TOKEN_MISSING');
      await tick(5 * TTL * 1000);
      expect(refreshCalls).toBe(0);
      expect(signedOut).toHaveBeenCalledTimes(1);
    },
    TICKING_MS,
  );

  it(
    'absorbs two 503s on refresh without signing out or failing a request',
    async () => {
      const { client } = await signIn(undefined, false);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      await tick((TTL + 1) * 1000);
      failNextRefreshes = 2;
      const pending = client.fetch('/users/me');
      await tick(5_000);
      await tick(5_000);
      expect((await pending).status).toBe(200);
      expect(refreshCalls).toBe(3);
      expect(signedOut).not.toHaveBeenCalled();
    },
    TICKING_MS,
  );

  it(
    "retries a refresh whose answer was lost inside the service's grace window: no reuse, no sign-out",
    async () => {
      const { client } = await signIn(undefined, false);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      await tick((TTL + 1) * 1000);
      loseNextRefreshAnswers = 1;
      const pending = client.fetch('/users/me');
      await tick(20_000);
      expect((await pending).status).toBe(200);
      expect(refreshCalls).toBe(2);
      expect(signedOut).not.toHaveBeenCalled();
      expect(await t.dataSource.query("SELECT id FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([]);
      const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
      expect(Number(count)).toBe(1);
    },
    TICKING_MS,
  );

  it(
    'logs out every device with logoutAll, renewing an expired access token first',
    async () => {
      const { client, user } = await signIn(undefined, false);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      const elsewhere = (await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
      await tick((TTL + 1) * 1000);

      await client.logoutAll();

      expect(refreshCalls).toBe(1);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(signedOut).toHaveBeenCalledWith({ reason: 'logout' });
      expect(await client.getAccessToken()).toBeUndefined();
      const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
      expect(Number(count)).toBe(0);
      expect((await t.dataSource.query("SELECT type FROM auth_events WHERE type = 'logout_all'")).length).toBe(1);
      await t.http.post('/auth/refresh').send({ refresh_token: elsewhere.refresh_token }).expect(401);
      expect((await client.fetch('/users/me')).status).toBe(401);
    },
    TICKING_MS,
  );

  it(
    'wires the same renewal into axios with attachAxios',
    async () => {
      const { client } = await signIn(undefined, false);
      const api = axios.create({ baseURL: base });
      attachAxios(api as never, client);
      await tick((TTL + 1) * 1000);
      const responses = await Promise.all(Array.from({ length: 5 }, () => api.get('/users/me')));
      expect(responses.map((response) => response.status)).toEqual(Array(5).fill(200));
      expect(refreshCalls).toBe(1);
    },
    TICKING_MS,
  );
});
