import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, signedInUser } from './factories/user.factory.js';
import { decodeToken } from './support/jwt.js';
import { TestApp, createTestApp } from './support/test-app.js';

const DAY = 86400;

describe('POST /auth/refresh', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_TTL: '7d', SESSION_MAX_AGE: '30d', REFRESH_REUSE_GRACE: '10s' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const refresh = (refreshToken: unknown) => t.http.post('/auth/refresh').send({ refresh_token: refreshToken });
  const expectRefreshError = async (refreshToken: unknown, code: string) => {
    const response = await refresh(refreshToken).expect(401);
    expect(response.body).toEqual({ statusCode: 401, code, message: expect.any(String) });
  };

  it('rotates: answers a new working pair for the same session, not to be cached', async () => {
    const user = await signedInUser(t.http);
    t.clock.advanceSeconds(60);
    const response = await refresh(user.tokens.refresh_token).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, session_id: user.tokens.session_id });
    // A fresh access token of this moment, and the session moved on exactly one generation.
    expect(decodeToken(response.body.access_token).payload).toMatchObject({ sid: user.tokens.session_id, iat: t.clock.nowSeconds() });
    expect(await t.dataSource.query('SELECT token_generation FROM sessions')).toEqual([{ token_generation: 1 }]);
    await t.http.get('/users/me').set(bearer(response.body)).expect(200);
    await refresh(response.body.refresh_token).expect(200);
  });

  it('stops accepting the old token once rotated (after the grace window) and treats it as reuse', async () => {
    const user = await signedInUser(t.http);
    const rotated = (await refresh(user.tokens.refresh_token).expect(200)).body;
    t.clock.advanceSeconds(11);
    await expectRefreshError(user.tokens.refresh_token, 'INVALID_REFRESH_TOKEN');
    // Reuse of a rotated token revokes the whole session: the legitimate holder is signed out too.
    await t.http.get('/users/me').set(bearer(rotated)).expect(401);
    await expectRefreshError(rotated.refresh_token, 'SESSION_REVOKED');
  });

  it('treats any older ancestor as reuse at any time', async () => {
    const user = await signedInUser(t.http);
    const second = (await refresh(user.tokens.refresh_token).expect(200)).body;
    const third = (await refresh(second.refresh_token).expect(200)).body;
    await expectRefreshError(user.tokens.refresh_token, 'INVALID_REFRESH_TOKEN');
    await expectRefreshError(third.refresh_token, 'SESSION_REVOKED');
  });

  it('answers INVALID_REFRESH_TOKEN for garbage without touching any session', async () => {
    const user = await signedInUser(t.http);
    const [prefix, sessionId, generation] = user.tokens.refresh_token.split('.');
    const forged = `${prefix}.${sessionId}.${generation}.${'A'.repeat(43)}`;
    for (const token of [forged, 'not-a-token', user.tokens.access_token, '', `${prefix}.${sessionId}.7.${'A'.repeat(43)}`]) {
      await expectRefreshError(token, 'INVALID_REFRESH_TOKEN');
    }
    await refresh(user.tokens.refresh_token).expect(200);
  });

  it('refuses a non-string refresh_token or unknown fields with 400 VALIDATION_FAILED', async () => {
    for (const body of [{ refresh_token: 42 }, { refresh_token: 'x', extra: 1 }]) {
      const response = await t.http.post('/auth/refresh').send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 400 VALIDATION_FAILED naming refresh_token when no token comes in the body or a cookie', async () => {
    for (const request of [
      t.http.post('/auth/refresh').send({}),
      t.http.post('/auth/refresh'),
      t.http.post('/auth/refresh').set('X-Requested-With', 'fetch').send({}),
    ]) {
      const response = await request.expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        errors: [{ field: 'refresh_token', messages: ['refresh_token is required unless the refresh cookie is sent'] }],
      });
    }
    const nullToken = await t.http.post('/auth/refresh').send({ refresh_token: null }).expect(400);
    expect(nullToken.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'refresh_token', messages: expect.arrayContaining(['refresh_token must be a string']) }],
    });
  });

  it('slides the idle expiry on each refresh but never past the absolute maximum', async () => {
    const user = await signedInUser(t.http);
    let token = user.tokens.refresh_token;
    for (let day = 0; day < 4; day += 1) {
      t.clock.advanceSeconds(6 * DAY);
      const response = await refresh(token).expect(200);
      token = response.body.refresh_token;
    }
    const [row] = await t.dataSource.query('SELECT last_used_at, expires_at, max_expires_at FROM sessions');
    const lastUsed = new Date(String(row.last_used_at instanceof Date ? row.last_used_at.toISOString() : `${row.last_used_at}Z`));
    expect(lastUsed.getTime()).toBe(t.clock.now().getTime());
    // 24 days in: idle expiry is lastUsed + 7d = day 31, capped at the 30-day maximum.
    t.clock.advanceSeconds(6 * DAY - 1);
    await refresh(token)
      .expect(200)
      .then((r) => (token = r.body.refresh_token));
    t.clock.advanceSeconds(DAY);
    await expectRefreshError(token, 'SESSION_EXPIRED');
  });

  it('ends a session not refreshed within the idle TTL', async () => {
    const user = await signedInUser(t.http);
    t.clock.advanceSeconds(7 * DAY - 1);
    const response = await refresh(user.tokens.refresh_token).expect(200);
    t.clock.advanceSeconds(7 * DAY);
    await expectRefreshError(response.body.refresh_token, 'SESSION_EXPIRED');
  });

  it('issues access tokens that carry the current jwt_version', async () => {
    const user = await signedInUser(t.http);
    const response = await refresh(user.tokens.refresh_token).expect(200);
    expect(decodeToken(response.body.access_token).payload.ver).toBe(0);
  });

  it('answers SESSION_REVOKED for a session that was logged out', async () => {
    const user = await signedInUser(t.http);
    await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
    await expectRefreshError(user.tokens.refresh_token, 'SESSION_REVOKED');
  });
});
