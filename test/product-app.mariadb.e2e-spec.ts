import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { within } from './support/eventually.js';
import { decodeToken, signWithTestSecret, unsignedToken } from './support/jwt.js';
import { listen } from './support/listen.js';
import { INTROSPECTION_CLIENTS, ProductApp, createProductApp } from './support/product-app.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TEST_JWT_SECRET, TestApp, createTestApp } from './support/test-app.js';

const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The promise: a revocation at the service is refused by the product within this. */
const PROPAGATION_MS = 100;

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** Signs claims with the service's key, as only the service (or whoever holds its key) could. */
function signWithServiceKey(payload: Record<string, unknown>, header: Record<string, unknown>): string {
  if (header.alg === 'HS256') return signWithTestSecret(payload, { typ: header.typ, kid: header.kid });
  return jwt.sign(payload, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: String(header.typ), kid: String(header.kid) } });
}

const ES256_ENV = {
  JWT_ALGORITHM: 'ES256',
  JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
};

/**
 * Proof of issue 11 (MariaDB run only): the service, in-process on a loopback port, and beside it the
 * example product service (examples/product-service) on Express, reaching the service through one TCP
 * proxy and Redis through another, both of which the tests cut and restore.
 */
describe.each([
  ['HS256', {}, { secret: TEST_JWT_SECRET }],
  ['ES256', ES256_ENV, {}],
] as const)('a product service on Express beside the service (%s, MariaDB, Redis)', (algorithm, serviceEnv, productKeys) => {
  let service: TestApp;
  let product: ProductApp;
  const keyPrefix = `autorenew-e2e-product-${randomUUID().slice(0, 8)}:`;
  let serviceProxy: TcpProxy;
  let redisProxy: TcpProxy;

  beforeAll(async () => {
    const database = await prepareDatabaseUrl({ suffix: '_product' });
    service = await createTestApp({ ...serviceEnv, DATABASE_URL: database, REDIS_URL, REDIS_KEY_PREFIX: keyPrefix, INTROSPECTION_CLIENTS });
    const serviceUrl = new URL(await listen(service));
    serviceProxy = new TcpProxy(serviceUrl.hostname, Number(serviceUrl.port));
    redisProxy = new TcpProxy(new URL(REDIS_URL).hostname, Number(new URL(REDIS_URL).port || 6379));
    await serviceProxy.start();
    await redisProxy.start();
    const redisViaProxy = new URL(REDIS_URL);
    redisViaProxy.port = String(redisProxy.port);
    product = await createProductApp(
      {
        serviceUrl: `http://127.0.0.1:${serviceProxy.port}`,
        issuer: 'autorenew',
        audience: 'autorenew',
        ...productKeys,
        redisUrl: redisViaProxy.toString(),
        redisKeyPrefix: keyPrefix,
      },
      { clock: service.clock, adapter: 'express' },
    );
    await cacheLive();
  }, 30_000);
  beforeEach(async () => {
    await serviceProxy.restore();
    await redisProxy.restore();
    await cacheLive();
    await service.reset();
    product.cache.apply({ kind: 'all' });
    product.introspections.length = 0;
  }, 10_000);
  afterAll(async () => {
    await product?.close();
    await service?.close();
    await serviceProxy?.cut();
    await redisProxy?.cut();
  });

  const cacheLive = () => within(5000, () => product.cache.isEnabled);
  const mine = (tokens: { access_token: string }) => product.http.get('/products/mine').set(bearer(tokens));
  const codeOf = async (token: string) =>
    (await product.http.get('/products/mine').set('Authorization', `Bearer ${token}`).expect(401)).body.code;

  it(`signs with ${algorithm}, and the product answers its route with the user's principal`, async () => {
    const user = await signedInUser(service.http);
    expect(decodeToken(user.tokens.access_token).header.alg).toBe(algorithm);
    const response = await mine(user.tokens).expect(200);
    expect(response.body).toEqual({ user: { userId: user.id, sessionId: user.tokens.session_id, role: 'user' } });
  }, 10_000);

  /** Warms the product's cache with the token, revokes at the service, answers how long until the product refused it. */
  async function propagation(tokens: { access_token: string }, revoke: () => Promise<unknown>): Promise<number> {
    await mine(tokens).expect(200);
    await mine(tokens).expect(200);
    expect(product.introspections).toHaveLength(1);
    await revoke();
    const elapsed = await within(1000, async () => (await mine(tokens)).status === 401);
    const refused = await mine(tokens).expect(401);
    expect(refused.body).toEqual({ statusCode: 401, code: 'TOKEN_REVOKED', message: 'The access token has been revoked.' });
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    return elapsed;
  }

  describe('a revocation at the service is refused by the product within 100 ms', () => {
    it('logout-all', async () => {
      const user = await signedInUser(service.http);
      expect(await propagation(user.tokens, () => service.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204))).toBeLessThan(
        PROPAGATION_MS,
      );
    }, 10_000);

    it('a password change', async () => {
      const user = await signedInUser(service.http);
      const phone = await login(service.http, user, 'Phone');
      const change = () =>
        service.http
          .post('/auth/password')
          .set(bearer(user.tokens))
          .send({ currentPassword: user.password, newPassword: 'another long pass phrase 77' })
          .expect(200);
      expect(await propagation(phone, change)).toBeLessThan(PROPAGATION_MS);
    }, 10_000);

    it('revoking a device', async () => {
      const user = await signedInUser(service.http);
      const laptop = await login(service.http, user, 'Laptop');
      expect(
        await propagation(laptop, () => service.http.delete(`/sessions/${laptop.session_id}`).set(bearer(user.tokens)).expect(204)),
      ).toBeLessThan(PROPAGATION_MS);
      await mine(user.tokens).expect(200);
    }, 10_000);

    it('an administrator disabling the user', async () => {
      const admin = await signedInAdmin(service);
      const user = await signedInUser(service.http);
      const disable = () => service.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      expect(await propagation(user.tokens, disable)).toBeLessThan(PROPAGATION_MS);
    }, 10_000);
  });

  describe('refuses without asking the service', () => {
    it('an expired token, with TOKEN_EXPIRED', async () => {
      const user = await signedInUser(service.http);
      await mine(user.tokens).expect(200);
      service.clock.advance((service.config.jwt.accessTokenTtl + service.config.jwt.clockSkew) * 1000);
      expect(await codeOf(user.tokens.access_token)).toBe('TOKEN_EXPIRED');
      expect(product.introspections).toHaveLength(1);
    }, 10_000);

    it('forged, wrong-audience and alg:none tokens, with TOKEN_INVALID', async () => {
      const user = await signedInUser(service.http);
      const { header, payload } = decodeToken(user.tokens.access_token);
      const signingInput = user.tokens.access_token.slice(0, user.tokens.access_token.lastIndexOf('.'));
      const forged = `${signingInput}.${createHmac('sha256', 'an attacker secret that is long enough!!').update(signingInput).digest('base64url')}`;
      // Signed with the service's own key: only the audience is wrong.
      const otherAudience = signWithServiceKey({ ...payload, aud: 'another-api' }, header);
      const algNone = unsignedToken(payload);
      for (const token of [forged, otherAudience, algNone]) expect(await codeOf(token)).toBe('TOKEN_INVALID');
      expect(product.introspections).toHaveLength(0);
    }, 10_000);
  });

  it('with Redis cut off, asks the service on every request and never accepts a revoked token; caches again once Redis is back', async () => {
    const user = await signedInUser(service.http);
    const other = await signedInUser(service.http);
    await mine(user.tokens).expect(200);
    await redisProxy.cut();
    await within(3000, () => !product.cache.isEnabled);

    await service.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
    expect((await mine(user.tokens).expect(401)).body.code).toBe('TOKEN_REVOKED');
    product.introspections.length = 0;
    for (let i = 0; i < 3; i += 1) await mine(other.tokens).expect(200);
    expect(product.introspections).toHaveLength(3);

    await redisProxy.restore();
    await cacheLive();
    product.introspections.length = 0;
    for (let i = 0; i < 3; i += 1) await mine(other.tokens).expect(200);
    expect(product.introspections).toHaveLength(1);
    await mine(user.tokens).expect(401);
  }, 20_000);

  it('with a redisKeyPrefix the service does not publish under, never trusts its cache: every request is introspected', async () => {
    // Same Redis, a typo in the prefix: the product hears its own heartbeat there, never the service's.
    const misconfigured = await createProductApp(
      {
        serviceUrl: `http://127.0.0.1:${serviceProxy.port}`,
        issuer: 'autorenew',
        audience: 'autorenew',
        ...productKeys,
        redisUrl: REDIS_URL,
        redisKeyPrefix: `${keyPrefix}typo:`,
      },
      { clock: service.clock, adapter: 'express' },
    );
    try {
      // Several heartbeat periods: its own comes back within one, which alone used to turn the cache on.
      await new Promise((resolve) => setTimeout(resolve, 4 * 500));
      expect(misconfigured.cache.isEnabled).toBe(false);
      const user = await signedInUser(service.http);
      const mineThere = () => misconfigured.http.get('/products/mine').set(bearer(user.tokens));
      for (let i = 0; i < 3; i += 1) await mineThere().expect(200);
      expect(misconfigured.introspections).toHaveLength(3);
      // So a revocation, which it never hears of, is refused at once rather than cacheTtl later.
      await service.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
      expect((await mineThere().expect(401)).body.code).toBe('TOKEN_REVOKED');
    } finally {
      await misconfigured.close();
    }
  }, 15_000);

  it('with the service unreachable, answers 503 AUTH_SERVICE_UNAVAILABLE, never 200', async () => {
    const user = await signedInUser(service.http);
    await serviceProxy.cut();
    const response = await mine(user.tokens).expect(503);
    expect(response.body).toEqual({
      statusCode: 503,
      code: 'AUTH_SERVICE_UNAVAILABLE',
      message: 'The authentication service is unavailable.',
    });
    expect(response.headers['retry-after']).toBe('5');
    await serviceProxy.restore();
    await mine(user.tokens).expect(200);
  }, 15_000);
});
