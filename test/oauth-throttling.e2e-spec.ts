import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ATTEMPT_LIMITS } from '../src/throttling/attempt-limits.js';
import { registerUser } from './factories/user.factory.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

type Response = { status: number; body: unknown; headers: Record<string, string> };

/** RFC 6749 §5.2 body with `temporarily_unavailable`, the status and Retry-After of the refusal, never cached. */
const expectTemporarilyUnavailable = (response: Response, status: 429 | 503, retryAfter: number) => {
  expect(response.status).toBe(status);
  expect(response.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  expect(response.headers['retry-after']).toBe(String(retryAfter));
  expect(response.headers['cache-control']).toBe('no-store');
};
const expectInvalidGrant = (response: Response) => {
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
};

describe('POST /oauth/token under the attempt limiter', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const grant = (ip: string, fields: Record<string, string>) =>
    t.http.post('/oauth/token').set('X-Forwarded-For', ip).type('form').send(fields);

  it('password grant: 5 wrong passwords from one address block it for exactly 15 minutes, answered 429 temporarily_unavailable', async () => {
    const user = await registerUser(t.http);
    const { limit, blockSeconds } = ATTEMPT_LIMITS.loginFailuresPerAccountAndIp;
    const password = (secret: string) => ({ grant_type: 'password', username: user.email, password: secret });
    for (let i = 0; i < limit; i += 1) expectInvalidGrant(await grant('198.51.100.7', password('wrong password')));
    expectTemporarilyUnavailable(await grant('198.51.100.7', password(user.password)), 429, blockSeconds);
    // The same limit as /auth/login: one counter, whichever face the guesses came through.
    expect(
      (await t.http.post('/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ email: user.email, password: user.password })).status,
    ).toBe(429);
    await grant('198.51.100.8', password(user.password)).expect(200);
    t.clock.advanceSeconds(blockSeconds - 1);
    expectTemporarilyUnavailable(await grant('198.51.100.7', password(user.password)), 429, 1);
    t.clock.advanceSeconds(1);
    await grant('198.51.100.7', password(user.password)).expect(200);
  });

  it('refresh_token grant: forged tokens from one address answer invalid_grant up to the limit, then 429; its authentic token still renews', async () => {
    const user = await registerUser(t.http);
    const tokens = (await grant('198.51.100.9', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
      .body;
    const { limit, blockSeconds } = ATTEMPT_LIMITS.refreshFailuresPerIp;
    const forged = { grant_type: 'refresh_token', refresh_token: `${tokens.refresh_token.slice(0, -4)}AAAA` };
    for (let i = 0; i < limit; i += 1) expectInvalidGrant(await grant('198.51.100.9', forged));
    expectTemporarilyUnavailable(await grant('198.51.100.9', forged), 429, blockSeconds);
    await grant('198.51.100.9', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).expect(200);
    expectInvalidGrant(await grant('198.51.100.10', forged));
  }, 15_000);
});

describe('throttling keys with TRUST_PROXY off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('counts a client that rotates X-Forwarded-For as the one address it connects from', async () => {
    const user = await registerUser(t.http);
    const { limit, blockSeconds } = ATTEMPT_LIMITS.loginFailuresPerAccountAndIp;
    const from = (i: number, password: string) =>
      t.http.post('/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send({ email: user.email, password });
    for (let i = 0; i < limit; i += 1) await from(i, 'wrong password').expect(401);
    // Far below the account-wide limit (50): only the per-address-and-account key, on the socket's address, can block.
    const blocked = await from(limit, user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(blocked.headers['retry-after']).toBe(String(blockSeconds));
    const refused = await t.http
      .post('/oauth/token')
      .set('X-Forwarded-For', '192.0.2.1')
      .type('form')
      .send({ grant_type: 'password', username: user.email, password: user.password });
    expectTemporarilyUnavailable(refused, 429, blockSeconds);
  });
});

describe('POST /oauth/token while the database is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_URL: await prepareDatabaseUrl({ persistent: true, suffix: '_oauth_outage' }) });
  });
  afterAll(() => t.close());

  it('answers both grants 503 temporarily_unavailable with Retry-After, and consumes nothing', async () => {
    const user = await registerUser(t.http);
    const form = (fields: Record<string, string>) => t.http.post('/oauth/token').type('form').send(fields);
    const tokens = (await form({ grant_type: 'password', username: user.email, password: user.password }).expect(200)).body;
    await t.dataSource.destroy();
    try {
      expectTemporarilyUnavailable(await form({ grant_type: 'password', username: user.email, password: user.password }), 503, 5);
      expectTemporarilyUnavailable(await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 503, 5);
    } finally {
      await t.dataSource.initialize();
    }
    await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).expect(200);
  });
});
