import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { decodeToken, tamperClaims, tamperHeader } from './support/jwt.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TEST_JWT_SECRET, TestApp, createTestApp } from './support/test-app.js';

const NEW_SECRET = 'rotated-secret-9876543210-zyxwvutsrqponmlkjihgf';

describe('key rotation without signing anyone out', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    while (apps.length) await apps.pop()!.close();
  });
  const boot = async (url: string, env: Record<string, string>, keepData = true) => {
    const app = await createTestApp({ DATABASE_URL: url, ...env }, { keepData });
    apps.push(app);
    return app;
  };

  it('keeps old access and refresh tokens working while the old secret is listed, and refuses them once removed', async () => {
    const url = await prepareDatabaseUrl({ persistent: true, suffix: '_keys' });
    const before = await boot(url, { JWT_SECRET: TEST_JWT_SECRET }, false);
    const user = await signedInUser(before.http);
    // A second device that stays idle through the whole rotation: its refresh token is never rotated.
    const idle = await login(before.http, user, 'idle device');

    const rotating = await boot(url, { JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET });
    await rotating.http.get('/users/me').set(bearer(user.tokens)).expect(200);
    const renewed = (await rotating.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;

    const after = await boot(url, { JWT_SECRET: NEW_SECRET });
    // Signed with the new secret: the kid a token of the new configuration alone carries.
    const fresh = (await after.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
    expect(decodeToken(renewed.access_token).header.kid).toBe(decodeToken(fresh.access_token).header.kid);
    expect((await after.http.get('/users/me').set(bearer(user.tokens)).expect(401)).body.code).toBe('TOKEN_INVALID');
    await after.http.get('/users/me').set(bearer(renewed)).expect(200);
    await after.http.post('/auth/refresh').send({ refresh_token: renewed.refresh_token }).expect(200);
    // docs/keys.md: a refresh token still under the removed secret fails as INVALID_REFRESH_TOKEN. Its MAC no
    // longer verifies, so it names no session: nothing is rotated or revoked (it is not reuse), the device signs in again.
    const unrotated = await after.http.post('/auth/refresh').send({ refresh_token: idle.refresh_token });
    expect(unrotated.status).toBe(401);
    expect(unrotated.body).toEqual({ statusCode: 401, code: 'INVALID_REFRESH_TOKEN', message: expect.any(String) });
    const [row] = await after.dataSource.query('SELECT token_generation, revoked_at FROM sessions WHERE id = ?', [idle.session_id]);
    expect({ generation: Number(row.token_generation), revoked: row.revoked_at }).toEqual({ generation: 0, revoked: null });
    expect(await after.dataSource.query("SELECT type FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([]);
    // Three app boots and four sign-ins (argon2) on one test: more than jest's default 5 s on a busy machine.
  }, 30_000);
});

describe('ES256 signing with a published JWKS', () => {
  let t: TestApp;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  beforeAll(async () => {
    t = await createTestApp({
      JWT_ALGORITHM: 'ES256',
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
    });
  });
  afterAll(() => t.close());

  it('issues ES256 tokens that another service verifies with the published key alone', async () => {
    const user = await signedInUser(t.http);
    const { header } = decodeToken(user.tokens.access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const jwks = (await t.http.get('/.well-known/jwks.json').expect(200)).body;
    const jwk = jwks.keys.find((key: { kid: string }) => key.kid === header.kid);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk.d).toBeUndefined();
    const claims = jwt.verify(user.tokens.access_token, createPublicKey({ key: jwk, format: 'jwk' }), {
      algorithms: ['ES256'],
      issuer: 'autorenew',
      audience: 'autorenew',
      clockTimestamp: t.clock.nowSeconds(),
    });
    expect(claims).toMatchObject({ sub: user.id });
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
  });

  it('lists the JWKS in its OAuth metadata', async () => {
    const metadata = (await t.http.get('/.well-known/oauth-authorization-server').expect(200)).body;
    expect(metadata.jwks_uri).toBe(`${metadata.issuer}/.well-known/jwks.json`);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const user = await signedInUser(t.http);
    const { header, payload } = decodeToken(user.tokens.access_token);
    const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    const confused = jwt.sign(payload, publicPem, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt', kid: String(header.kid) } });
    expect((await t.http.get('/users/me').set('Authorization', `Bearer ${confused}`).expect(401)).body.code).toBe('TOKEN_INVALID');
  });
});

describe('strict access-token headers and time claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_CLOCK_SKEW: '30s' });
  });
  afterAll(() => t.close());

  const rejectedAs = async (token: string) => (await t.http.get('/users/me').set('Authorization', `Bearer ${token}`).expect(401)).body.code;

  it('refuses embedded or remote keys without fetching anything', async () => {
    let fetched = 0;
    const server = createServer((_, response) => {
      fetched += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    try {
      const user = await signedInUser(t.http);
      const token = user.tokens.access_token;
      const jwk = { kty: 'oct', k: Buffer.from('attacker').toString('base64url') };
      for (const header of [{ jku: url }, { x5u: url }, { jwk }, { x5c: ['MIIB'] }]) {
        expect(await rejectedAs(tamperHeader(token, header))).toBe('TOKEN_INVALID');
      }
      expect(fetched).toBe(0);
    } finally {
      server.close();
    }
  });

  it('matches kid only against configured keys', async () => {
    const user = await signedInUser(t.http);
    for (const kid of ['../../../etc/passwd', 'http://127.0.0.1/key', "' OR 1=1 --", '']) {
      expect(await rejectedAs(tamperHeader(user.tokens.access_token, { kid }))).toBe('TOKEN_INVALID');
    }
    expect(await rejectedAs(tamperHeader(user.tokens.access_token, { kid: undefined }))).toBe('TOKEN_INVALID');
  });

  it('refuses iat or nbf in the future beyond the skew, and tolerates them within it', async () => {
    const user = await signedInUser(t.http);
    const now = t.clock.nowSeconds();
    expect(await rejectedAs(tamperClaims(user.tokens.access_token, { iat: now + 31, exp: now + 300 }))).toBe('TOKEN_INVALID');
    expect(await rejectedAs(tamperClaims(user.tokens.access_token, { nbf: now + 31 }))).toBe('TOKEN_INVALID');
    await t.http
      .get('/users/me')
      .set('Authorization', `Bearer ${tamperClaims(user.tokens.access_token, { iat: now + 30, exp: now + 300 })}`)
      .expect(200);
    await t.http
      .get('/users/me')
      .set('Authorization', `Bearer ${tamperClaims(user.tokens.access_token, { nbf: now + 30 })}`)
      .expect(200);
  });

  it('never accepts a refresh token as an access token, nor an access token as a refresh token', async () => {
    const user = await signedInUser(t.http);
    expect(await rejectedAs(user.tokens.refresh_token)).toBe('TOKEN_INVALID');
    expect((await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.access_token }).expect(401)).body.code).toBe(
      'INVALID_REFRESH_TOKEN',
    );
  });
});
