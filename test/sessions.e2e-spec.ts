import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_TTL: '1h' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  describe('GET /sessions', () => {
    it('lists the live sessions of the caller, marking the current one, without secrets', async () => {
      const user = await signedInUser(t.http, 'iPad');
      const laptop = await login(t.http, user, 'Work laptop');
      await signedInUser(t.http, 'someone else');
      const response = await t.http.get('/sessions').set(bearer(user.tokens)).expect(200);
      expect(response.body).toHaveLength(2);
      const now = t.clock.now();
      const expiresAt = new Date(now.getTime() + 3600_000).toISOString();
      expect(response.body).toEqual(
        expect.arrayContaining([
          {
            id: user.tokens.session_id,
            deviceName: 'iPad',
            userAgent: null,
            ip: expect.any(String),
            createdAt: now.toISOString(),
            lastUsedAt: now.toISOString(),
            expiresAt,
            current: true,
          },
          {
            id: laptop.session_id,
            deviceName: 'Work laptop',
            userAgent: null,
            ip: expect.any(String),
            createdAt: now.toISOString(),
            lastUsedAt: now.toISOString(),
            expiresAt,
            current: false,
          },
        ]),
      );
    });

    it('leaves out revoked and expired sessions', async () => {
      const user = await signedInUser(t.http, 'kept');
      const revoked = await login(t.http, user, 'revoked');
      await t.http.delete(`/sessions/${revoked.session_id}`).set(bearer(user.tokens)).expect(204);
      const idle = await login(t.http, user, 'idle');
      t.clock.advanceSeconds(3000);
      const kept = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      t.clock.advanceSeconds(700);
      const response = await t.http.get('/sessions').set(bearer(kept)).expect(200);
      expect(response.body.map((session: { deviceName: string }) => session.deviceName)).toEqual(['kept']);
      // Left out because it expired: its refresh token says so.
      expect((await t.http.post('/auth/refresh').send({ refresh_token: idle.refresh_token }).expect(401)).body.code).toBe(
        'SESSION_EXPIRED',
      );
    });

    it('moves lastUsedAt on refresh', async () => {
      const user = await signedInUser(t.http);
      t.clock.advanceSeconds(120);
      const refreshed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      const [session] = (await t.http.get('/sessions').set(bearer(refreshed)).expect(200)).body;
      expect(session.lastUsedAt).toBe(t.clock.now().toISOString());
    });
  });

  describe('DELETE /sessions/:id', () => {
    it('revokes one device at once', async () => {
      const user = await signedInUser(t.http, 'phone');
      const laptop = await login(t.http, user, 'laptop');
      await t.http.delete(`/sessions/${laptop.session_id}`).set(bearer(user.tokens)).expect(204);
      expect((await t.http.get('/users/me').set(bearer(laptop)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      expect((await t.http.post('/auth/refresh').send({ refresh_token: laptop.refresh_token }).expect(401)).body.code).toBe(
        'SESSION_REVOKED',
      );
      await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
    });

    it("answers 404 SESSION_NOT_FOUND for another user's session and leaves it alone", async () => {
      const alice = await signedInUser(t.http);
      const bob = await signedInUser(t.http);
      const response = await t.http.delete(`/sessions/${bob.tokens.session_id}`).set(bearer(alice.tokens)).expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'SESSION_NOT_FOUND', message: 'Session not found.' });
      await t.http.get('/users/me').set(bearer(bob.tokens)).expect(200);
    });

    it('answers 404 SESSION_NOT_FOUND for an unknown or already revoked id', async () => {
      const user = await signedInUser(t.http);
      const other = await login(t.http, user);
      await t.http.delete(`/sessions/${other.session_id}`).set(bearer(user.tokens)).expect(204);
      for (const id of [other.session_id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expect((await t.http.delete(`/sessions/${id}`).set(bearer(user.tokens)).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
      }
    });
  });

  describe('DELETE /sessions', () => {
    it('revokes every session but the current one', async () => {
      const user = await signedInUser(t.http, 'current');
      const others = await Promise.all([login(t.http, user, 'a'), login(t.http, user, 'b')]);
      await t.http.delete('/sessions').set(bearer(user.tokens)).expect(204);
      for (const tokens of others) await t.http.get('/users/me').set(bearer(tokens)).expect(401);
      const remaining = (await t.http.get('/sessions').set(bearer(user.tokens)).expect(200)).body;
      expect(remaining.map((session: { id: string }) => session.id)).toEqual([user.tokens.session_id]);
    });
  });
});
