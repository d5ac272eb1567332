import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import axios from 'axios';
import { createAuthRefreshInterceptor } from 'axios-auth-refresh';
import { registerUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

/**
 * axios-auth-refresh, unmodified, without its deduplication: every request that meets a 401 refreshes
 * on its own with whatever refresh token is stored at that moment. The grace window must absorb it.
 */
describe('with axios-auth-refresh (deduplicateRefresh: false)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
    base = await listen(t);
  });
  afterAll(() => t.close());

  it('lets eight requests whose 401s arrive staggered after expiry all succeed', async () => {
    const user = await registerUser(t.http);
    const login = await axios.post(
      `${base}/oauth/token`,
      new URLSearchParams({ grant_type: 'password', username: user.email, password: user.password }),
    );
    const store = { access: login.data.access_token as string, refresh: login.data.refresh_token as string, refreshes: 0, completed: 0 };

    const api = axios.create({ baseURL: base });
    api.interceptors.request.use((config) => {
      config.headers.Authorization ??= `Bearer ${store.access}`;
      return config;
    });
    createAuthRefreshInterceptor(
      // The package's types resolve axios as CommonJS, ours as ESM: the same instance at runtime.
      api as never,
      async (failed: { response: { config: { headers: Record<string, string> } } }) => {
        store.refreshes += 1;
        const response = await axios.post(
          `${base}/oauth/token`,
          new URLSearchParams({ grant_type: 'refresh_token', refresh_token: store.refresh }),
        );
        store.access = response.data.access_token;
        store.refresh = response.data.refresh_token;
        store.completed += 1;
        failed.response.config.headers.Authorization = `Bearer ${store.access}`;
      },
      {
        deduplicateRefresh: false,
        statusCodes: [401],
        // Requests that waited on someone else's refresh are replayed with the newest token.
        onRetry: (config: { headers: Record<string, string> }) => {
          config.headers.Authorization = `Bearer ${store.access}`;
          return config;
        },
      } as never,
    );

    t.clock.advanceSeconds(15 * 60 + 31);
    // All eight carry the expired token (as requests already in flight at expiry do); their 401s come back
    // staggered, so refreshes overlap some requests and follow others, each with the token stored by then.
    const expired = `Bearer ${store.access}`;
    const requests: Array<Promise<{ status: number }>> = [];
    // Four waves of two: the two of a wave share one refresh (the package joins a refresh in flight), and
    // each wave starts once the previous one has settled, so its 401s meet a refresh token that has been
    // rotated in between. Waited for, not timed: a loaded machine cannot fold the waves into one refresh.
    for (let wave = 0; wave < 4; wave += 1) {
      const pair = [
        api.get('/users/me', { headers: { Authorization: expired } }),
        api.get('/users/me', { headers: { Authorization: expired } }),
      ];
      requests.push(...pair);
      await Promise.all(pair);
    }
    const responses = await Promise.all(requests);
    expect(store.completed).toBe(store.refreshes);
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(store.refreshes).toBeGreaterThan(1);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
    expect(Number(count)).toBe(1);
    expect(await t.dataSource.query("SELECT type FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([]);
  });
});
