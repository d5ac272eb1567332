import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import autorefreshModule from 'jwt-autorefresh';
import { setTimeout as realSleep } from 'node:timers/promises';
import { Clock } from '../src/common/clock/clock.js';
import { bearer, registerUser } from './factories/user.factory.js';
import { DateNowClock } from './support/date-now-clock.js';
import { TestApp, createTestApp } from './support/test-app.js';

type Autorefresh = (options: {
  refresh: () => Promise<string>;
  leadSeconds: number | (() => number);
}) => (accessToken: string) => () => void;
const autorefresh = ((autorefreshModule as { default?: Autorefresh }).default ?? autorefreshModule) as Autorefresh;

const TTL_SECONDS = 60;

/** jwt-autorefresh, unmodified: a scheduler that refreshes `leadSeconds` (plus jitter) before `exp`. */
describe('with jwt-autorefresh', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL: String(TTL_SECONDS), JWT_CLOCK_SKEW: '0' }, { overrides: [[Clock, new DateNowClock()]] });
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.useRealTimers();
  });

  it('keeps an active user signed in across several access-token lifetimes with no 401', async () => {
    const user = await registerUser(t.http);
    const login = (
      await t.http
        .post('/oauth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.email, password: user.password })
        .expect(200)
    ).body;
    const store = { access: login.access_token as string, refresh: login.refresh_token as string };
    const refreshedAt: number[] = [];
    const renew = async () => {
      const response = await t.http
        .post('/oauth/token')
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: store.refresh })
        .expect(200);
      store.access = response.body.access_token;
      store.refresh = response.body.refresh_token;
      refreshedAt.push(Date.now());
      return store.access;
    };
    // The library type-checks with chai 3, which calls an async function 'asyncfunction': pass a plain one.
    const refresh = () => renew();

    // Only the scheduler's clock and timers are faked; I/O runs for real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
    const start = autorefresh({ refresh, leadSeconds: () => 10 + Math.floor(Math.random() * 5) });
    const cancel = start(store.access);
    const startedAt = Date.now();
    const statuses: number[] = [];
    try {
      // Five lifetimes of a user clicking every two seconds.
      for (let elapsed = 0; elapsed < 5 * TTL_SECONDS * 1000; elapsed += 2000) {
        await jest.advanceTimersByTimeAsync(2000);
        // Let a refresh that just fired finish its real HTTP and database round trips.
        await realSleep(3);
        statuses.push((await t.http.get('/users/me').set(bearer({ access_token: store.access }))).status);
      }
    } finally {
      cancel();
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Paced: one renewal per lifetime (45-50 s apart), not a storm.
    expect(refreshedAt.length).toBeGreaterThanOrEqual(5);
    expect(refreshedAt.length).toBeLessThanOrEqual(7);
    const gaps = refreshedAt.map((at, index) => at - (refreshedAt[index - 1] ?? startedAt));
    expect(gaps.slice(1).every((gap) => gap >= 40_000 && gap <= 52_000)).toBe(true);
    // One real request and a few real milliseconds per faked two seconds, over five lifetimes.
  }, 20_000);
});
