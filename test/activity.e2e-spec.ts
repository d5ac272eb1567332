import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, login, registerUser, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

interface ActivityItem {
  type: string;
  at: string;
  ip: string | null;
  deviceName: string | null;
  sessionId: string | null;
}

describe('GET /users/me/activity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const activityOf = async (tokens: { access_token: string }, query = ''): Promise<ActivityItem[]> =>
    (await t.http.get(`/users/me/activity${query}`).set(bearer(tokens)).expect(200)).body;

  it('records each kind of security event, newest first', async () => {
    const user = await registerUser(t.http);
    await t.http.post('/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401);
    const ipad = await login(t.http, user, 'iPad');
    const laptop = await login(t.http, user, 'laptop');
    await t.http.delete(`/sessions/${laptop.session_id}`).set(bearer(ipad)).expect(204);
    const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: ipad.refresh_token }).expect(200)).body;
    t.clock.advanceSeconds(11);
    const reusedAt = t.clock.now().toISOString();
    await t.http.post('/auth/refresh').send({ refresh_token: ipad.refresh_token }).expect(401);
    const phone = await login(t.http, user, 'phone');
    const changed = (
      await t.http
        .post('/auth/password')
        .set(bearer(phone))
        .send({ currentPassword: user.password, newPassword: 'another pass phrase' })
        .expect(200)
    ).body;
    await t.http.post('/auth/logout-all').set(bearer(changed)).expect(204);
    const last = await login(t.http, { ...user, password: 'another pass phrase' }, 'last');
    await t.http.post('/auth/logout').set(bearer(last)).expect(204);
    const fresh = await login(t.http, { ...user, password: 'another pass phrase' }, 'reader');

    const items = await activityOf(fresh, '?limit=100');
    expect(items.map((item) => item.type)).toEqual([
      'login',
      'logout',
      'login',
      'logout_all',
      'password_changed',
      'login',
      'refresh_token_reused',
      'session_revoked',
      'login',
      'login',
      'login_failed',
    ]);
    const reuse = items.find((item) => item.type === 'refresh_token_reused');
    expect(reuse).toEqual({
      type: 'refresh_token_reused',
      at: reusedAt,
      ip: expect.any(String),
      deviceName: 'iPad',
      sessionId: rotated.session_id,
    });
    expect(items.find((item) => item.type === 'session_revoked')).toMatchObject({ deviceName: 'laptop', sessionId: laptop.session_id });
  });

  it('records a disabling by an administrator', async () => {
    const admin = await signedInAdmin(t);
    const user = await signedInUser(t.http);
    await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
    await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: false }).expect(200);
    const items = await activityOf(await login(t.http, user));
    expect(items.map((item) => item.type)).toEqual(['login', 'user_disabled', 'login']);
  });

  it('pages with limit and offset', async () => {
    const user = await registerUser(t.http);
    for (let i = 0; i < 5; i += 1) {
      t.clock.advanceSeconds(1);
      await login(t.http, user, `device ${i}`);
    }
    const tokens = await login(t.http, user, 'device 5');
    const first = await activityOf(tokens, '?limit=2');
    const second = await activityOf(tokens, '?limit=2&offset=2');
    expect(first.map((item) => item.deviceName)).toEqual(['device 5', 'device 4']);
    expect(second.map((item) => item.deviceName)).toEqual(['device 3', 'device 2']);
    expect(await activityOf(tokens)).toHaveLength(6);
    for (const query of ['?limit=0', '?limit=101', '?offset=-1', '?limit=abc']) {
      expect((await t.http.get(`/users/me/activity${query}`).set(bearer(tokens)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows only the caller’s own events', async () => {
    const alice = await signedInUser(t.http);
    const bob = await signedInUser(t.http);
    await t.http.post('/auth/login').send({ email: bob.email, password: 'wrong password' }).expect(401);
    expect((await activityOf(alice.tokens)).map((item) => item.type)).toEqual(['login']);
  });

  it('never stores a token or a password', async () => {
    const user = await signedInUser(t.http);
    await t.http.post('/auth/login').send({ email: user.email, password: 'a wrong but secret password' }).expect(401);
    const refreshed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM auth_events'),
      await t.dataSource.query('SELECT * FROM sessions'),
    ]);
    for (const secret of [
      user.password,
      'a wrong but secret password',
      user.tokens.refresh_token,
      refreshed.refresh_token,
      user.tokens.access_token,
    ]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).not.toContain(user.tokens.refresh_token.split('.')[3]);
  });
});
