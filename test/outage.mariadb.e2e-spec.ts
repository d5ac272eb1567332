import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, registerUser, signedInUser } from './factories/user.factory.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

const OUTAGE_ANSWER_MS = 10_000;

/** The app talks to MariaDB through a proxy the test cuts and restores (MariaDB run only). */
describe('a database outage', () => {
  let t: TestApp;
  const proxy = new TcpProxy('127.0.0.1', 3306);
  beforeAll(async () => {
    await proxy.start();
    const direct = new URL(await prepareDatabaseUrl({ suffix: '_outage' }));
    direct.host = `127.0.0.1:${proxy.port}`;
    t = await createTestApp({ DATABASE_URL: direct.toString() });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.cut();
  });

  const timed = async <T>(request: PromiseLike<T>): Promise<T> => {
    const started = Date.now();
    const response = await request;
    expect(Date.now() - started).toBeLessThan(OUTAGE_ANSWER_MS);
    return response;
  };

  it('answers 503 with Retry-After everywhere the database is needed, keeps tokens, and recovers without a restart', async () => {
    const user = await signedInUser(t.http);
    const stranger = { email: 'late@example.com', password: 'registering during the outage' };
    await proxy.cut();

    const health = await timed(t.http.get('/health'));
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'error', database: 'down' });
    const calls = [
      t.http.get('/users/me').set(bearer(user.tokens)),
      t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }),
      t.http.post('/auth/login').send({ email: user.email, password: user.password }),
      t.http.post('/auth/register').send(stranger),
      t.http.get('/sessions').set(bearer(user.tokens)),
    ];
    for (const call of calls) {
      const response = await timed(call);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }

    await proxy.restore();
    await t.http.get('/health').expect(200);
    // The refresh attempted during the outage consumed nothing: the same token works now.
    const renewed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
    await t.http.get('/users/me').set(bearer(renewed)).expect(200);
    // The login and registration attempted during the outage left nothing half-written.
    const sessions = await t.dataSource.query('SELECT id FROM sessions');
    expect(sessions).toHaveLength(1);
    expect(await t.dataSource.query('SELECT id FROM users WHERE email = ?', [stranger.email])).toEqual([]);
    await registerUser(t.http, stranger);
  });
});
