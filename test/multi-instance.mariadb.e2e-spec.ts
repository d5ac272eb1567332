import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { withRedisAnnouncer } from '../src/cli/redis-announcer.js';
import { runCli } from '../src/cli/run-cli.js';
import { AuthStateCache } from '../src/revocation/auth-state-cache.js';
import { AuthStateRepository } from '../src/revocation/auth-state.repository.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, login, registerUser, signedInUser } from './factories/user.factory.js';
import { within } from './support/eventually.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The promise to other instances: a revocation anywhere is seen everywhere within this. */
const PROPAGATION_MS = 100;

/**
 * Two instances of the service on one MariaDB and one Redis (MariaDB run only). Instance B reaches Redis
 * through a proxy the test cuts and restores.
 */
describe('two instances sharing MariaDB and Redis', () => {
  let a: TestApp;
  let b: TestApp;
  const redisProxy = new TcpProxy(new URL(REDIS_URL).hostname, Number(new URL(REDIS_URL).port || 6379));
  const keyPrefix = `autorenew-e2e-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    await redisProxy.start();
    const viaProxy = new URL(REDIS_URL);
    viaProxy.port = String(redisProxy.port);
    const database = await prepareDatabaseUrl({ suffix: '_multi' });
    a = await createTestApp({ DATABASE_URL: database, REDIS_URL, REDIS_KEY_PREFIX: keyPrefix });
    b = await createTestApp({ DATABASE_URL: database, REDIS_URL: viaProxy.toString(), REDIS_KEY_PREFIX: keyPrefix }, { keepData: true });
    await cachesLive();
  }, 30_000);
  beforeEach(async () => {
    jest.restoreAllMocks();
    await redisProxy.restore();
    await a.reset();
    b.app.get(AuthStateCache).apply({ kind: 'all' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await redisProxy.cut();
  });

  const cachesLive = () => within(5000, () => a.app.get(AuthStateCache).isEnabled && b.app.get(AuthStateCache).isEnabled);
  const me = (t: TestApp, tokens: { access_token: string }) => t.http.get('/auth/me').set(bearer(tokens));

  /** Warms B's cache with the token, runs the revocation on A, and answers how long B took to refuse it. */
  async function propagation(tokens: { access_token: string }, revokeOnA: () => Promise<unknown>): Promise<number> {
    await me(b, tokens).expect(200);
    await me(b, tokens).expect(200);
    await revokeOnA();
    const elapsed = await within(1000, async () => (await me(b, tokens)).status === 401);
    const refused = await me(b, tokens).expect(401);
    expect(refused.body.code).toBe('TOKEN_REVOKED');
    return elapsed;
  }

  describe('a revocation on A is seen by B within 100 ms', () => {
    it('logout-all', async () => {
      const user = await signedInUser(a.http);
      expect(await propagation(user.tokens, () => a.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204))).toBeLessThan(
        PROPAGATION_MS,
      );
    }, 10_000);

    it('a password change', async () => {
      const user = await signedInUser(a.http);
      const phone = await login(a.http, user, 'Phone');
      const change = () =>
        a.http
          .post('/auth/password')
          .set(bearer(user.tokens))
          .send({ currentPassword: user.password, newPassword: 'another long pass phrase 77' })
          .expect(200);
      expect(await propagation(phone, change)).toBeLessThan(PROPAGATION_MS);
    }, 10_000);

    it('an administrator disabling the user', async () => {
      const admin = await signedInAdmin(a);
      const user = await signedInUser(a.http);
      expect(
        await propagation(user.tokens, () =>
          a.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200),
        ),
      ).toBeLessThan(PROPAGATION_MS);
    }, 10_000);

    it('revoking a device', async () => {
      const user = await signedInUser(a.http);
      const laptop = await login(a.http, user, 'Laptop');
      expect(
        await propagation(laptop, () => a.http.delete(`/sessions/${laptop.session_id}`).set(bearer(user.tokens)).expect(204)),
      ).toBeLessThan(PROPAGATION_MS);
      await me(b, user.tokens).expect(200);
    }, 10_000);

    it('reuse of a rotated refresh token', async () => {
      const user = await signedInUser(a.http);
      const rotated = (await a.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      a.clock.advance((a.config.sessions.reuseGrace + 1) * 1000);
      const replay = () => a.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401);
      expect(await propagation(rotated, replay)).toBeLessThan(PROPAGATION_MS);
    }, 10_000);

    it('a role withdrawn with the CLI, which announces through Redis', async () => {
      const admin = await signedInAdmin(a);
      const adminRoute = () => b.http.get(`/admin/users/${admin.id}/sessions`).set(bearer(admin.tokens));
      await adminRoute().expect(200);
      const code = await withRedisAnnouncer(REDIS_URL, keyPrefix, (announce) =>
        runCli(['user:role', admin.email, 'user'], a.dataSource, () => undefined, announce),
      );
      expect(code).toBe(0);
      await within(PROPAGATION_MS, async () => (await adminRoute()).status === 403);
    }, 10_000);
  });

  it('shares the failed-login budget between the instances', async () => {
    const user = await registerUser(a.http);
    for (const t of [a, b, a, b, a])
      await t.http.post('/auth/login').send({ email: user.email, password: 'not the password at all' }).expect(401);
    for (const t of [a, b]) {
      const response = await t.http.post('/auth/login').send({ email: user.email, password: 'not the password at all' }).expect(429);
      expect(response.body.code).toBe('TOO_MANY_REQUESTS');
    }
  }, 10_000);

  it('with Redis cut off, B reads the database on every request, never accepts a revoked token, and uses its cache again once Redis is back', async () => {
    const user = await signedInUser(a.http);
    const other = await signedInUser(a.http);
    await me(b, user.tokens).expect(200);
    await redisProxy.cut();
    await within(3000, () => !b.app.get(AuthStateCache).isEnabled);

    // A still publishes, but B cannot hear it: only the database can tell B.
    await a.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
    expect((await me(b, user.tokens).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const reads = jest.spyOn(b.app.get(AuthStateRepository), 'find');
    for (let i = 0; i < 3; i += 1) await me(b, other.tokens).expect(200);
    expect(reads).toHaveBeenCalledTimes(3);
    // Logins on B still work (throttling counts in B's memory meanwhile).
    await login(b.http, other, 'during the Redis outage');

    await redisProxy.restore();
    await within(5000, () => b.app.get(AuthStateCache).isEnabled);
    reads.mockClear();
    for (let i = 0; i < 3; i += 1) await me(b, other.tokens).expect(200);
    expect(reads).toHaveBeenCalledTimes(1);
    await me(b, user.tokens).expect(401);
  }, 20_000);
});
