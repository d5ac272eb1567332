import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AutorenewClock } from '../nest/src/index.js';
import { sqlTime } from '../src/common/database/sql-time.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, signedInUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { INTROSPECTION_CLIENTS, PRODUCT_CLIENT, ProductApp, createProductApp } from './support/product-app.js';
import { TEST_JWT_SECRET, TestApp, createTestApp } from './support/test-app.js';

const CACHE_TTL_SECONDS = 5;

/**
 * The example product service (examples/product-service) beside the service, without Redis: the guard
 * caches an introspection answer for cacheTtl, which bounds how long a revoked token is still accepted.
 * The MariaDB run has the Redis case (product-app.mariadb.e2e-spec.ts).
 */
describe.each(['express', 'fastify'] as const)('a separate NestJS product service on %s, without Redis', (adapter) => {
  let service: TestApp;
  let product: ProductApp;

  beforeAll(async () => {
    service = await createTestApp({ INTROSPECTION_CLIENTS });
    const serviceUrl = await listen(service);
    product = await createProductApp(
      { serviceUrl, issuer: 'autorenew', audience: 'autorenew', secret: TEST_JWT_SECRET },
      { clock: service.clock, adapter },
    );
  }, 30_000);
  beforeEach(async () => {
    await service.reset();
    product.cache.apply({ kind: 'all' });
  }, 10_000);
  afterAll(async () => {
    await product?.close();
    await service?.close();
  });

  const mine = (tokens: { access_token: string }) => product.http.get('/products/mine').set(bearer(tokens));

  it("answers the product's protected route with the signed-in user's principal", async () => {
    const user = await signedInUser(service.http);
    const response = await mine(user.tokens).expect(200);
    expect(response.body).toEqual({ user: { userId: user.id, sessionId: user.tokens.session_id, role: 'user' } });
  }, 10_000);

  it('opens @Public() routes to anyone, and answers the others without a token as the service does', async () => {
    await product.http.get('/products/catalog').expect(200, { items: ['tea', 'coffee'] });
    const response = await product.http.get('/products/mine').expect(401);
    expect(response.body).toEqual({ statusCode: 401, code: 'TOKEN_MISSING', message: 'Authentication is required.' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="autorenew"');
  }, 10_000);

  it('accepts a revoked token for at most cacheTtl, then refuses it with TOKEN_REVOKED', async () => {
    const user = await signedInUser(service.http);
    await mine(user.tokens).expect(200);
    await service.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
    await mine(user.tokens).expect(200);
    service.clock.advance(CACHE_TTL_SECONDS * 1000 + 1);
    const response = await mine(user.tokens).expect(401);
    expect(response.body).toEqual({ statusCode: 401, code: 'TOKEN_REVOKED', message: 'The access token has been revoked.' });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="autorenew", error="invalid_token", error_description="The access token has been revoked."',
    );
  }, 15_000);

  it('refuses a session that ends by time at its end (session_exp), not up to cacheTtl later', async () => {
    const user = await signedInUser(service.http);
    // The session's idle expiry, on a whole second (session_exp has seconds), 2 s away: before cacheTtl runs out.
    const end = Math.ceil((service.clock.nowMs() + 2000) / 1000) * 1000;
    await service.dataSource.query('UPDATE sessions SET expires_at = ? WHERE id = ?', [sqlTime(new Date(end)), user.tokens.session_id]);
    product.introspections.length = 0;
    await mine(user.tokens).expect(200);
    service.clock.advance(end - 1 - service.clock.nowMs());
    await mine(user.tokens).expect(200);
    expect(product.introspections).toHaveLength(1);
    service.clock.advance(1);
    const response = await mine(user.tokens).expect(401);
    expect(response.body.code).toBe('TOKEN_REVOKED');
    expect(product.introspections).toHaveLength(2);
  }, 15_000);

  it('asks the service once per session and cacheTtl, not once per request', async () => {
    const user = await signedInUser(service.http);
    product.introspections.length = 0;
    for (let i = 0; i < 5; i += 1) await mine(user.tokens).expect(200);
    expect(product.introspections).toHaveLength(1);
    service.clock.advance(CACHE_TTL_SECONDS * 1000 + 1);
    await mine(user.tokens).expect(200);
    expect(product.introspections).toHaveLength(2);
  }, 15_000);

  it('lets @Roles() routes answer 403 FORBIDDEN to a user and 200 to an administrator', async () => {
    const user = await signedInUser(service.http);
    const refused = await product.http.get('/products/report').set(bearer(user.tokens)).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const admin = await signedInAdmin(service);
    await product.http.get('/products/report').set(bearer(admin.tokens)).expect(200, { preparedFor: admin.id });
  }, 15_000);
});

describe('the forRoot example (examples/product-service/product.module.ts), configured from the environment', () => {
  let service: TestApp;
  let product: INestApplication;
  const saved = { ...process.env };

  beforeAll(async () => {
    service = await createTestApp({ INTROSPECTION_CLIENTS });
    Object.assign(process.env, {
      AUTH_SERVICE_URL: await listen(service),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      AUTH_CLIENT_SECRET: PRODUCT_CLIENT.clientSecret,
    });
    // The module reads its options when it is loaded, as an app's module does at startup.
    const { ProductModule } = await import('../examples/product-service/product.module.js');
    const moduleRef = await Test.createTestingModule({ imports: [ProductModule] })
      .overrideProvider(AutorenewClock)
      .useValue({ nowMs: () => service.clock.nowMs() })
      .compile();
    product = await moduleRef.createNestApplication(new ExpressAdapter(), { logger: false }).init();
  }, 30_000);
  afterAll(async () => {
    process.env = saved;
    await product?.close();
    await service?.close();
  });

  it('guards the product route with the service', async () => {
    const user = await signedInUser(service.http);
    const response = await request(product.getHttpServer()).get('/products/mine').set(bearer(user.tokens)).expect(200);
    expect(response.body.user).toEqual({ userId: user.id, sessionId: user.tokens.session_id, role: 'user' });
    await request(product.getHttpServer()).get('/products/mine').expect(401);
  }, 10_000);
});
