import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RevocationRepository } from '../src/revocation/revocation.repository.js';
import { RevocationService } from '../src/revocation/revocation.service.js';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { decodeToken } from './support/jwt.js';
import { pauseMethod } from './support/pause.js';
import { E2E_DB } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const revokedBody = { statusCode: 401, code: 'TOKEN_REVOKED', message: 'The access token has been revoked.' };

  describe('POST /auth/logout', () => {
    it('ends this session: its access token stops working on the very next request', async () => {
      const user = await signedInUser(t.http);
      await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
      await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
      const response = await t.http.get('/users/me').set(bearer(user.tokens)).expect(401);
      expect(response.body).toEqual(revokedBody);
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="autorenew", error="invalid_token", error_description="The access token has been revoked."',
      );
      await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401);
    });

    it('requires a credential: 401 TOKEN_MISSING with the bearer challenge when none is sent', async () => {
      const response = await t.http.post('/auth/logout').send({}).expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'TOKEN_MISSING', message: 'Authentication is required.' });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="autorenew"');
      expect((await t.http.post('/auth/logout').set('Authorization', 'Bearer nonsense').expect(401)).body.code).toBe('TOKEN_INVALID');
    });

    it('ends the session named by a refresh token, even once the access token has expired', async () => {
      const user = await signedInUser(t.http);
      t.clock.advanceSeconds(3600);
      await t.http.post('/auth/logout').send({ refresh_token: user.tokens.refresh_token }).expect(204);
      expect((await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401)).body.code).toBe(
        'SESSION_REVOKED',
      );
      // Unknown tokens are accepted silently: logout cannot be used to probe them.
      await t.http.post('/auth/logout').send({ refresh_token: 'garbage' }).expect(204);
    });

    it('ignores a refresh token that would no longer refresh: superseded past the grace window, or replaced by a password change', async () => {
      const user = await signedInUser(t.http);
      const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      // Once the grace window has passed, the previous token speaks for nobody.
      t.clock.advanceSeconds(t.config.sessions.reuseGrace);
      await t.http.post('/auth/logout').send({ refresh_token: user.tokens.refresh_token }).expect(204);
      await t.http.get('/auth/me').set(bearer(rotated)).expect(200);
      const changed = (
        await t.http
          .post('/auth/password')
          .set(bearer(rotated))
          .send({ currentPassword: user.password, newPassword: 'the changed pass phrase' })
          .expect(200)
      ).body;
      await t.http.post('/auth/logout').send({ refresh_token: rotated.refresh_token }).expect(204);
      await t.http.get('/auth/me').set(bearer(changed)).expect(200);
      await t.http.post('/auth/refresh').send({ refresh_token: changed.refresh_token }).expect(200);
    });

    it('ends the session with the previous refresh token inside the grace window', async () => {
      const user = await signedInUser(t.http);
      const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      await t.http.post('/auth/logout').send({ refresh_token: user.tokens.refresh_token }).expect(204);
      expect((await t.http.get('/auth/me').set(bearer(rotated)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    });

    it('leaves the user’s other devices signed in', async () => {
      const user = await signedInUser(t.http, 'phone');
      const laptop = await login(t.http, user, 'laptop');
      await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
      await t.http.get('/users/me').set(bearer(laptop)).expect(200);
      await t.http.post('/auth/refresh').send({ refresh_token: laptop.refresh_token }).expect(200);
    });
  });

  describe('POST /auth/logout-all', () => {
    it('bumps jwt_version and revokes every session, so every token of the user dies at once', async () => {
      const user = await signedInUser(t.http, 'phone');
      const laptop = await login(t.http, user, 'laptop');
      await t.http.post('/auth/logout-all').set(bearer(laptop)).expect(204);
      for (const tokens of [user.tokens, laptop]) {
        expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body).toEqual(revokedBody);
        const refresh = await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(401);
        expect(refresh.body.code).toBe('SESSION_REVOKED');
      }
      const [row] = await t.dataSource.query('SELECT jwt_version FROM users WHERE id = ?', [user.id]);
      expect(Number(row.jwt_version)).toBe(1);
    });

    it('lets the user sign in again afterwards, with the new version in the token', async () => {
      const user = await signedInUser(t.http);
      await t.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
      const tokens = await login(t.http, user);
      expect(decodeToken(tokens.access_token).payload.ver).toBe(1);
      await t.http.get('/users/me').set(bearer(tokens)).expect(200);
    });

    it('increments atomically: two logout-alls that both passed authentication before either wrote bump twice', async () => {
      const user = await signedInUser(t.http);
      const second = await login(t.http, user);
      // Both requests are held at the point where a read-modify-write would already have read the version
      // and not yet written it. MariaDB: inside their transactions, at the bump itself. SQLite serialises
      // transactions (one at a time through the gate), so both are held just before opening theirs.
      const pause =
        E2E_DB === 'mariadb'
          ? pauseMethod(t.app.get(RevocationRepository), 'incrementJwtVersion', { count: 2, hold: 'before' })
          : pauseMethod(t.app.get(RevocationService), 'endAllForUser', { count: 2, hold: 'before' });
      const calls = [user.tokens, second].map((tokens) =>
        t.http
          .post('/auth/logout-all')
          .set(bearer(tokens))
          .then((r) => r.status),
      );
      await pause.arrived;
      pause.release();
      expect(await Promise.all(calls)).toEqual([204, 204]);
      const [row] = await t.dataSource.query('SELECT jwt_version FROM users WHERE id = ?', [user.id]);
      expect(Number(row.jwt_version)).toBe(2);
    }, 15_000);

    it('does not affect other users', async () => {
      const alice = await signedInUser(t.http);
      const bob = await signedInUser(t.http);
      await t.http.post('/auth/logout-all').set(bearer(alice.tokens)).expect(204);
      await t.http.get('/users/me').set(bearer(bob.tokens)).expect(200);
    });
  });
});
