import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

const PARALLEL = 20;

async function countSessions(t: TestApp, live = false): Promise<number> {
  const [{ count }] = await t.dataSource.query(`SELECT COUNT(*) AS count FROM sessions${live ? ' WHERE revoked_at IS NULL' : ''}`);
  return Number(count);
}

describe('refresh under concurrency, with the default 10 s grace window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const refresh = (token: string) => t.http.post('/auth/refresh').send({ refresh_token: token });

  it(`answers ${PARALLEL} parallel refreshes of one token with 200, working tokens and still one session`, async () => {
    const user = await signedInUser(t.http);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => refresh(user.tokens.refresh_token)));
    expect(responses.map((response) => response.status)).toEqual(Array(PARALLEL).fill(200));
    // Everyone receives the same successor: the session did not fork.
    expect(new Set(responses.map((response) => response.body.refresh_token)).size).toBe(1);
    for (const response of responses) await t.http.get('/users/me').set(bearer(response.body)).expect(200);
    expect(await countSessions(t)).toBe(1);
    await refresh(responses[0].body.refresh_token).expect(200);
  });

  it('lets a retry inside the window receive the same successor without invalidating the first caller', async () => {
    const user = await signedInUser(t.http);
    const first = (await refresh(user.tokens.refresh_token).expect(200)).body;
    t.clock.advance(9_999);
    const retry = (await refresh(user.tokens.refresh_token).expect(200)).body;
    expect(retry.refresh_token).toBe(first.refresh_token);
    expect(retry.session_id).toBe(first.session_id);
    await t.http.get('/users/me').set(bearer(first)).expect(200);
    await t.http.get('/users/me').set(bearer(retry)).expect(200);
    await refresh(first.refresh_token).expect(200);
  });

  it('treats the previous token at the window’s edge as reuse: the session ends and the event is recorded', async () => {
    const user = await signedInUser(t.http, 'iPad');
    const rotated = (await refresh(user.tokens.refresh_token).expect(200)).body;
    t.clock.advance(10_000);
    const response = await refresh(user.tokens.refresh_token).set('User-Agent', 'attacker/1.0').expect(401);
    expect(response.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await t.http.get('/users/me').set(bearer(rotated)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const [event] = await t.dataSource.query(
      "SELECT type, session_id, device_name, user_agent FROM auth_events WHERE type = 'refresh_token_reused'",
    );
    expect(event).toEqual({
      type: 'refresh_token_reused',
      session_id: user.tokens.session_id,
      device_name: 'iPad',
      user_agent: 'attacker/1.0',
    });
  });

  it('never lets the grace window revive an older ancestor', async () => {
    const user = await signedInUser(t.http);
    const second = (await refresh(user.tokens.refresh_token).expect(200)).body;
    await refresh(second.refresh_token).expect(200);
    expect((await refresh(user.tokens.refresh_token).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    expect(await countSessions(t, true)).toBe(0);
  });

  it('keeps concurrent refreshes of different sessions independent', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => signedInUser(t.http)));
    const responses = await Promise.all(users.flatMap((user) => [refresh(user.tokens.refresh_token), refresh(user.tokens.refresh_token)]));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(await countSessions(t, true)).toBe(5);
  });
});

describe('refresh under concurrency, with the grace window disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it(`lets exactly one of ${PARALLEL} parallel refreshes succeed, treats the rest as reuse and ends the session once`, async () => {
    const user = await signedInUser(t.http);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token })),
    );
    // The first compare-and-set always wins; every other caller presents the token it replaced, which
    // without a grace window is reuse: the session ends, once, with one recorded event.
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 401)).toHaveLength(PARALLEL - 1);
    expect(await t.dataSource.query('SELECT id FROM sessions WHERE revoked_at IS NULL')).toEqual([]);
    const reused = await t.dataSource.query("SELECT session_id AS sessionId FROM auth_events WHERE type = 'refresh_token_reused'");
    expect(reused).toEqual([{ sessionId: user.tokens.session_id }]);
  });

  it('answers the previous token as reuse immediately after a rotation', async () => {
    const user = await signedInUser(t.http);
    await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200);
    const response = await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401);
    expect(response.body.code).toBe('INVALID_REFRESH_TOKEN');
  });
});
