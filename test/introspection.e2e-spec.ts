import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { sqlTime, toDate } from '../src/common/database/sql-time.js';
import { Metrics } from '../src/metrics/metrics.js';
import { AuthStateCache } from '../src/revocation/auth-state-cache.js';
import { AuthStateService } from '../src/revocation/auth-state.service.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { SignedInUser, bearer, login, signedInUser } from './factories/user.factory.js';
import { decodeToken, tamperClaims, tamperHeader, unsignedToken } from './support/jwt.js';
import { parsePrometheusText, valueOf } from './support/prometheus-text.js';
import { TestApp, createTestApp } from './support/test-app.js';

const CLIENT = { id: 'billing-service', secret: 'billing-secret-0123456789abcdefghijklmnop' };
const OTHER_CLIENT = { id: 'catalog', secret: 'catalog~secret.0123456789_ABCDEFGHIJ' };
const INACTIVE_TEXT = '{"active":false}';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('POST /oauth/introspect (RFC 7662)', () => {
  let t: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    // Behind a trusted proxy, so the throttling test speaks from an address of its own.
    t = await createTestApp({
      INTROSPECTION_CLIENTS: `${CLIENT.id}:${CLIENT.secret}, ${OTHER_CLIENT.id}:${OTHER_CLIENT.secret}`,
      TRUST_PROXY: 'true',
      METRICS_PORT: '0',
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    user = await signedInUser(t.http);
  });

  /** `null`: no Authorization header at all. */
  const introspect = (fields: Record<string, string>, authorization: string | null = basic(CLIENT.id, CLIENT.secret)) => {
    const request = t.http.post('/oauth/introspect').type('form');
    if (authorization !== null) request.set('Authorization', authorization);
    return request.send(fields);
  };
  const expectActive = async (token: string) => {
    const response = await introspect({ token }).expect(200);
    expect(response.body.active).toBe(true);
    return response;
  };
  /** Exactly `{"active":false}`: no other key that could tell why. */
  const expectInactive = async (token: string, extra: Record<string, string> = {}) => {
    const response = await introspect({ token, ...extra }).expect(200);
    expect(response.text).toBe(INACTIVE_TEXT);
    expect(response.headers['cache-control']).toBe('no-store');
  };
  const sessionEndSeconds = async (sessionId: string) => {
    const [row] = await t.dataSource.query('SELECT expires_at AS expiresAt, max_expires_at AS maxExpiresAt FROM sessions WHERE id = ?', [
      sessionId,
    ]);
    return Math.floor(Math.min(toDate(row.expiresAt).getTime(), toDate(row.maxExpiresAt).getTime()) / 1000);
  };
  const expectInvalidClient = async (authorization: string | null) => {
    const response = await introspect({ token: user.tokens.access_token }, authorization);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(response.headers['www-authenticate']).toBe('Basic realm="autorenew"');
    expect(response.headers['cache-control']).toBe('no-store');
    return response;
  };

  describe('client authentication', () => {
    it('answers 401 invalid_client with a Basic challenge without credentials', async () => {
      await expectInvalidClient(null);
    });

    it('answers 401 invalid_client for a wrong secret, an unknown client or a known secret under another id', async () => {
      await expectInvalidClient(basic(CLIENT.id, `${CLIENT.secret}x`));
      await expectInvalidClient(basic(CLIENT.id, CLIENT.secret.slice(0, -1)));
      await expectInvalidClient(basic(CLIENT.id, ''));
      await expectInvalidClient(basic('unknown-service', CLIENT.secret));
      await expectInvalidClient(basic(OTHER_CLIENT.id, CLIENT.secret));
    });

    it('answers 401 invalid_client for a malformed Basic header or another scheme, never 500', async () => {
      for (const authorization of [
        '',
        'Basic',
        'Basic !!!not-base64!!!',
        `Basic ${Buffer.from(`${CLIENT.id}${CLIENT.secret}`).toString('base64')}`,
        `Basic ${Buffer.from(`:${CLIENT.secret}`).toString('base64')}`,
        `Basic ${Buffer.from(`${CLIENT.id}:%E0%A4%A`).toString('base64')}`,
        `Bearer ${user.tokens.access_token}`,
        `Digest ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
      ]) {
        await expectInvalidClient(authorization);
      }
    });

    it('decodes the id and secret as RFC 6749 §2.3.1 form-urlencoded values, with the scheme in any case', async () => {
      const encoded = `${OTHER_CLIENT.id}:${encodeURIComponent(OTHER_CLIENT.secret).replace(/~/g, '%7E')}`;
      expect(encoded).toContain('%7E');
      await introspect({ token: user.tokens.access_token }, `Basic ${Buffer.from(encoded).toString('base64')}`).expect(200);
      await introspect(
        { token: user.tokens.access_token },
        `basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
      ).expect(200);
    });

    it('throttles failed client authentication per IP with temporarily_unavailable, but never a valid client', async () => {
      const prober = '198.51.100.23';
      const probe = () => introspect({ token: user.tokens.access_token }, basic(CLIENT.id, 'guess')).set('X-Forwarded-For', prober);
      for (let i = 0; i < 20; i += 1) expect((await probe()).status).toBe(401);
      const throttled = await probe();
      expect(throttled.status).toBe(429);
      expect(throttled.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.headers['cache-control']).toBe('no-store');
      // Unauthenticated callers from that address are refused the same way; the real client is not.
      expect((await introspect({ token: user.tokens.access_token }, null).set('X-Forwarded-For', prober)).status).toBe(429);
      const valid = await introspect({ token: user.tokens.access_token }).set('X-Forwarded-For', prober).expect(200);
      expect(valid.body.active).toBe(true);
      // Another address is not affected, and the block ends.
      expect(
        (await introspect({ token: user.tokens.access_token }, basic(CLIENT.id, 'guess')).set('X-Forwarded-For', '198.51.100.24')).status,
      ).toBe(401);
      t.clock.advanceSeconds(15 * 60);
      expect((await probe()).status).toBe(401);
    });
  });

  describe('active tokens', () => {
    it('answers a live access token with exactly the RFC 7662 fields, the session, version and role, never cached', async () => {
      const { payload } = decodeToken(user.tokens.access_token);
      const response = await introspect({ token: user.tokens.access_token }).expect(200);
      expect(response.body).toStrictEqual({
        active: true,
        sub: user.id,
        sid: user.tokens.session_id,
        ver: 0,
        role: 'user',
        exp: payload.exp,
        session_exp: await sessionEndSeconds(user.tokens.session_id),
        iat: payload.iat,
        iss: 'autorenew',
        aud: 'autorenew',
        token_type: 'Bearer',
      });
      expect(payload.exp).toBe(Number(payload.iat) + 900);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    });

    it("answers the session's end as session_exp: the idle expiry, slid by a refresh, never past the absolute one", async () => {
      const [row] = await t.dataSource.query('SELECT expires_at AS expiresAt, max_expires_at AS maxExpiresAt FROM sessions WHERE id = ?', [
        user.tokens.session_id,
      ]);
      const idleEnd = Math.floor(toDate(row.expiresAt).getTime() / 1000);
      expect((await expectActive(user.tokens.access_token)).body.session_exp).toBe(idleEnd);
      expect(idleEnd).toBeLessThan(Math.floor(toDate(row.maxExpiresAt).getTime() / 1000));
      // The absolute expiry comes first: it is the end.
      const absolute = new Date(toDate(row.expiresAt).getTime() - 60_000);
      await t.dataSource.query('UPDATE sessions SET max_expires_at = ? WHERE id = ?', [sqlTime(absolute), user.tokens.session_id]);
      expect((await expectActive(user.tokens.access_token)).body.session_exp).toBe(Math.floor(absolute.getTime() / 1000));
      // A refresh slides the idle expiry forward, and with it the end.
      await t.dataSource.query('UPDATE sessions SET max_expires_at = ? WHERE id = ?', [
        sqlTime(toDate(row.maxExpiresAt)),
        user.tokens.session_id,
      ]);
      t.clock.advanceSeconds(600);
      const renewed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      expect((await expectActive(renewed.access_token)).body.session_exp).toBe(idleEnd + 600);
    });

    it('answers an administrator’s token with the admin role, and any client listed may ask', async () => {
      const admin = await signedInAdmin(t);
      const response = await introspect({ token: admin.tokens.access_token }, basic(OTHER_CLIENT.id, OTHER_CLIENT.secret)).expect(200);
      expect(response.body).toMatchObject({ active: true, sub: admin.id, sid: admin.tokens.session_id, role: 'admin' });
    });

    it('ignores token_type_hint: an access token is active whatever the hint says', async () => {
      for (const hint of ['refresh_token', 'access_token', 'something_else']) {
        expect((await introspect({ token: user.tokens.access_token, token_type_hint: hint }).expect(200)).body.active).toBe(true);
      }
    });
  });

  describe('inactive tokens answer exactly {"active": false}', () => {
    it('once the token has expired (past its TTL and the tolerated skew), as the guard decides', async () => {
      t.clock.advanceSeconds(929);
      await expectActive(user.tokens.access_token);
      await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
      t.clock.advanceSeconds(1);
      await expectInactive(user.tokens.access_token);
      await t.http.get('/users/me').set(bearer(user.tokens)).expect(401);
    });

    // Each revocation is asked about after an active answer, so the auth-state cache holds the session as live.
    it('at once after logout', async () => {
      await expectActive(user.tokens.access_token);
      await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
      await expectInactive(user.tokens.access_token);
    });

    it('at once after logout-all, for every device', async () => {
      const laptop = await login(t.http, user);
      await expectActive(laptop.access_token);
      await t.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
      await expectInactive(laptop.access_token);
      await expectInactive(user.tokens.access_token);
    });

    it('at once after a password change, for every other device; the new pair is active at the new version', async () => {
      const phone = await login(t.http, user);
      await expectActive(phone.access_token);
      const renewed = (
        await t.http
          .post('/auth/password')
          .set(bearer(user.tokens))
          .send({ currentPassword: user.password, newPassword: `new ${user.password}` })
          .expect(200)
      ).body;
      await expectInactive(phone.access_token);
      await expectInactive(user.tokens.access_token);
      expect((await expectActive(renewed.access_token)).body.ver).toBe(1);
    });

    it('at once after an administrator disables the user', async () => {
      const admin = await signedInAdmin(t);
      await expectActive(user.tokens.access_token);
      await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      await expectInactive(user.tokens.access_token);
    });

    it('at once after the owner revokes the device, and only that device', async () => {
      const tablet = await login(t.http, user);
      await expectActive(tablet.access_token);
      await t.http.delete(`/sessions/${tablet.session_id}`).set(bearer(user.tokens)).expect(204);
      await expectInactive(tablet.access_token);
      await expectActive(user.tokens.access_token);
    });

    it("from the database, while this instance's auth-state cache still holds the session as live (an invalidation not yet applied)", async () => {
      const laptop = await login(t.http, user);
      // The guard's path fills this instance's cache with both sessions as live.
      await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
      await t.http.get('/users/me').set(bearer(laptop)).expect(200);
      // Written behind the cache's back, as another instance's revocation whose message has not arrived yet.
      const now = sqlTime(new Date(t.clock.nowMs()));
      await t.dataSource.query('UPDATE sessions SET revoked_at = ? WHERE id = ?', [now, user.tokens.session_id]);
      await t.dataSource.query('UPDATE users SET jwt_version = jwt_version + 1 WHERE id = ?', [user.id]);
      const cache = t.app.get(AuthStateCache);
      expect(cache.get(user.tokens.session_id)?.session.revoked).toBe(false);
      expect(cache.get(laptop.session_id)?.user.jwtVersion).toBe(0);
      await expectInactive(user.tokens.access_token);
      await expectInactive(laptop.access_token);
    });

    it('for a forged signature, a wrong audience, issuer or type, alg none, another version or a foreign token', async () => {
      const token = user.tokens.access_token;
      const { header, payload } = decodeToken(token);
      const [head, body, signature] = token.split('.');
      const candidates = [
        `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
        tamperClaims(token, { aud: 'another-api' }),
        tamperClaims(token, { iss: 'someone-else' }),
        tamperClaims(token, { ver: 7 }),
        tamperClaims(token, { sid: '00000000-0000-4000-8000-000000000000' }),
        tamperHeader(token, { typ: 'JWT' }),
        unsignedToken(payload),
        unsignedToken(payload, 'None'),
        tamperHeader(token, {}, 'HS512'),
        jwt.sign(payload, 'a-different-secret-0123456789-abcdefghijklmnop', {
          algorithm: 'HS256',
          header: { alg: 'HS256', typ: String(header.typ), kid: header.kid as string | undefined },
        }),
      ];
      for (const candidate of candidates) await expectInactive(candidate);
      // The same claims re-signed verbatim pass, so the refusals above are about the changes.
      await expectActive(tamperHeader(token, {}));
    });

    it('for a refresh token, garbage, or a token too long to be ours, whatever the hint', async () => {
      await expectInactive(user.tokens.refresh_token);
      await expectInactive(user.tokens.refresh_token, { token_type_hint: 'refresh_token' });
      for (const garbage of ['x', 'a.b.c', '...', 'eyJhbGciOiJIUzI1NiJ9', `${user.tokens.access_token}.`, 'A'.repeat(5000)])
        await expectInactive(garbage);
    });
  });

  describe('requests', () => {
    it('answers invalid_request without a token or with a repeated one', async () => {
      for (const send of [
        () => introspect({}),
        () => t.http.post('/oauth/introspect').set('Authorization', basic(CLIENT.id, CLIENT.secret)),
        () => t.http.post('/oauth/introspect').type('form').set('Authorization', basic(CLIENT.id, CLIENT.secret)).send(`token=a&token=b`),
      ]) {
        const response = await send();
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
      }
    });

    it('refuses a JSON body with 415 invalid_request: RFC 7662 requests are form-encoded', async () => {
      const response = await t.http
        .post('/oauth/introspect')
        .set('Authorization', basic(CLIENT.id, CLIENT.secret))
        .send({ token: user.tokens.access_token });
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    });

    it('answers 503 temporarily_unavailable, never an answer about the token, while the database cannot be read', async () => {
      // Nothing cached: the state must be read, and the database is "down".
      t.app.get(AuthStateCache).apply({ kind: 'all' });
      const read = jest
        .spyOn(t.app.get(AuthStateService), 'read')
        .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      try {
        const response = await introspect({ token: user.tokens.access_token });
        expect(response.status).toBe(503);
        expect(response.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
        expect(response.headers['retry-after']).toBe('5');
        expect(read).toHaveBeenCalled();
      } finally {
        read.mockRestore();
      }
      await expectActive(user.tokens.access_token);
    });

    it('authenticates the client before reading the request', async () => {
      const response = await t.http.post('/oauth/introspect').send({ token: user.tokens.access_token });
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    });
  });

  it('counts introspections by result, with no id, token or address in a label', async () => {
    const metrics = t.app.get(Metrics);
    const before = parsePrometheusText(await metrics.registry!.metrics());
    await expectActive(user.tokens.access_token);
    await expectInactive('garbage');
    await expectInactive(user.tokens.refresh_token);
    await expectInvalidClient(basic(CLIENT.id, 'wrong'));
    for (let i = 0; i < 21; i += 1) await introspect({ token: 'x' }, basic(CLIENT.id, 'wrong')).set('X-Forwarded-For', '203.0.113.9');
    const after = parsePrometheusText(await metrics.registry!.metrics());
    const delta = (result: string) =>
      valueOf(after, 'autorenew_introspections_total', { result }) - valueOf(before, 'autorenew_introspections_total', { result });
    // 1 + 20 refused with 401; the 21st from that address with 429, counted as throttled only.
    expect({
      active: delta('active'),
      inactive: delta('inactive'),
      invalid_client: delta('invalid_client'),
      throttled: delta('throttled'),
    }).toEqual({ active: 1, inactive: 2, invalid_client: 21, throttled: 1 });
    const labels = after.filter((sample) => sample.name === 'autorenew_introspections_total').map((sample) => Object.keys(sample.labels));
    expect(new Set(labels.flat())).toEqual(new Set(['result']));
  });

  it('is advertised in the RFC 8414 metadata with client_secret_basic', async () => {
    const response = await t.http.get('/.well-known/oauth-authorization-server').expect(200);
    expect(response.body.introspection_endpoint).toBe(`${response.body.issuer}/oauth/introspect`);
    expect(response.body.introspection_endpoint_auth_methods_supported).toEqual(['client_secret_basic']);
  });
});

describe('POST /oauth/introspect without INTROSPECTION_CLIENTS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses every caller with 401 invalid_client', async () => {
    const user = await signedInUser(t.http);
    for (const authorization of [basic(CLIENT.id, CLIENT.secret), basic('', ''), basic('x', '')]) {
      const response = await t.http
        .post('/oauth/introspect')
        .type('form')
        .set('Authorization', authorization)
        .send({ token: user.tokens.access_token });
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    }
  });
});
