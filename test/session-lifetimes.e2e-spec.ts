import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { RetentionService } from '../src/retention/retention.service.js';
import { bearer, login, registerUser, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

const HOUR = 3600;
const DAY = 86400;

describe('"log in at least every 72 hours" (SESSION_MAX_AGE=72h)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_MAX_AGE: '72h', SESSION_IDLE_TTL: '24h' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('ends even a constantly active session 72 hours after login, and its access token with it', async () => {
    const user = await signedInUser(t.http);
    let tokens = user.tokens;
    for (let hour = 0; hour < 71; hour += 1) {
      t.clock.advanceSeconds(HOUR);
      tokens = (await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200)).body;
    }
    t.clock.advanceSeconds(HOUR - 600);
    tokens = (await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(200)).body;
    t.clock.advanceSeconds(599);
    await t.http.get('/users/me').set(bearer(tokens)).expect(200);
    t.clock.advanceSeconds(1);
    // 72 hours after login: the 10-minute-old access token is unexpired but its session has ended.
    expect((await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(401)).body.code).toBe(
      'SESSION_EXPIRED',
    );
    expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
  });

  it('ends a session left idle for the idle TTL', async () => {
    const user = await signedInUser(t.http);
    t.clock.advanceSeconds(24 * HOUR);
    expect((await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401)).body.code).toBe(
      'SESSION_EXPIRED',
    );
  });
});

describe('session cap and retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_MAX_PER_USER: '3', SESSION_RETENTION: '30d', ACTIVITY_RETENTION: '90d', SESSION_IDLE_TTL: '7d' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('revokes the least recently used sessions beyond the per-user cap', async () => {
    const user = await registerUser(t.http);
    const oldest = await login(t.http, user, 'oldest');
    t.clock.advanceSeconds(60);
    const active = await login(t.http, user, 'old but active');
    t.clock.advanceSeconds(60);
    await login(t.http, user, 'third');
    t.clock.advanceSeconds(60);
    const refreshed = (await t.http.post('/auth/refresh').send({ refresh_token: active.refresh_token }).expect(200)).body;
    t.clock.advanceSeconds(60);
    await login(t.http, user, 'fourth');
    expect((await t.http.post('/auth/refresh').send({ refresh_token: oldest.refresh_token }).expect(401)).body.code).toBe(
      'SESSION_REVOKED',
    );
    const names = (await t.http.get('/sessions').set(bearer(refreshed)).expect(200)).body.map((s: { deviceName: string }) => s.deviceName);
    expect(names.sort()).toEqual(['fourth', 'old but active', 'third']);
  });

  it('deletes sessions that ended more than the retention period ago, and only those', async () => {
    const user = await registerUser(t.http);
    const revoked = await login(t.http, user, 'revoked');
    await t.http.post('/auth/logout').set(bearer(revoked)).expect(204);
    await login(t.http, user, 'idle');
    const retention = t.app.get(RetentionService);
    t.clock.advanceSeconds(29 * DAY);
    const kept = await login(t.http, user, 'live');
    expect(await retention.purge()).toEqual({ sessions: 0, events: 0 });
    // 'revoked' ended 31 days ago; 'idle' expired (7d idle) 24 days ago; 'live' is live.
    t.clock.advanceSeconds(2 * DAY);
    expect((await retention.purge()).sessions).toBe(1);
    t.clock.advanceSeconds(7 * DAY);
    expect((await retention.purge()).sessions).toBe(1);
    const rows = await t.dataSource.query('SELECT id FROM sessions');
    expect(rows.map((row: { id: string }) => row.id)).toEqual([kept.session_id]);
  });

  it('deletes security events older than their retention period', async () => {
    await signedInUser(t.http);
    t.clock.advanceSeconds(91 * DAY);
    expect((await t.app.get(RetentionService).purge()).events).toBe(1);
  });
});

describe('devices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const macChrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  const iPhoneSafari =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

  it('names a session from its User-Agent when no deviceName is given', async () => {
    const user = await registerUser(t.http);
    const mac = (
      await t.http.post('/auth/login').set('User-Agent', macChrome).send({ email: user.email, password: user.password }).expect(200)
    ).body;
    await t.http.post('/auth/login').set('User-Agent', iPhoneSafari).send({ email: user.email, password: user.password }).expect(200);
    const sessions = (await t.http.get('/sessions').set(bearer(mac)).expect(200)).body;
    expect(sessions.map((s: { deviceName: string }) => s.deviceName).sort()).toEqual(['Chrome on macOS', 'Safari on iPhone']);
    expect(sessions.find((s: { current: boolean }) => s.current).userAgent).toBe(macChrome);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const user = await registerUser(t.http);
    const tokens = (
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', '203.0.113.9')
        .send({ email: user.email, password: user.password })
        .expect(200)
    ).body;
    const [session] = (await t.http.get('/sessions').set(bearer(tokens)).expect(200)).body;
    // The socket's own (loopback) address, not the header's.
    expect(session.ip).toBe('127.0.0.1');
  });

  describe('PATCH /sessions/:id', () => {
    it('renames a device and answers the session view', async () => {
      const user = await signedInUser(t.http, 'old name');
      const response = await t.http
        .patch(`/sessions/${user.tokens.session_id}`)
        .set(bearer(user.tokens))
        .send({ deviceName: 'Work laptop' })
        .expect(200);
      expect(response.body).toMatchObject({ id: user.tokens.session_id, deviceName: 'Work laptop', current: true });
      const [session] = (await t.http.get('/sessions').set(bearer(user.tokens)).expect(200)).body;
      expect(session.deviceName).toBe('Work laptop');
    });

    it("answers 404 SESSION_NOT_FOUND for another user's session", async () => {
      const alice = await signedInUser(t.http);
      const bob = await signedInUser(t.http, 'bob phone');
      const response = await t.http
        .patch(`/sessions/${bob.tokens.session_id}`)
        .set(bearer(alice.tokens))
        .send({ deviceName: 'mine now' })
        .expect(404);
      expect(response.body.code).toBe('SESSION_NOT_FOUND');
      const [session] = (await t.http.get('/sessions').set(bearer(bob.tokens)).expect(200)).body;
      expect(session.deviceName).toBe('bob phone');
    });

    it('refuses an empty, over-long or missing name with 400 VALIDATION_FAILED', async () => {
      const user = await signedInUser(t.http);
      for (const body of [{ deviceName: '' }, { deviceName: 'x'.repeat(101) }, {}, { deviceName: 'ok', extra: true }]) {
        const response = await t.http.patch(`/sessions/${user.tokens.session_id}`).set(bearer(user.tokens)).send(body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });
});

describe('devices behind a trusted proxy (TRUST_PROXY=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('records the client address from X-Forwarded-For', async () => {
    const user = await registerUser(t.http);
    const tokens = (
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', '203.0.113.9')
        .send({ email: user.email, password: user.password })
        .expect(200)
    ).body;
    const [session] = (await t.http.get('/sessions').set(bearer(tokens)).expect(200)).body;
    expect(session.ip).toBe('203.0.113.9');
  });
});
