import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { POOL_ACQUIRE_TIMEOUT_MS } from '../src/database/bounded-pool-acquire.js';
import { CONNECT_TIMEOUT_MS } from '../src/database/data-source-options.js';
import { PING_TIMEOUT_MS } from '../src/health/health.service.js';
import { REQUEST_TIMEOUT_MS } from '../src/http/request-deadline.js';
import { bearer, registerUser, signedInUser } from './factories/user.factory.js';
import { within } from './support/eventually.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { MARIADB_URL, prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** Timers never fire early, but an answer crosses the event loop and a loopback socket on a busy machine. */
const MARGIN_MS = 1500;
const SERVICE_UNAVAILABLE = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) };

/** The app talks to MariaDB through a proxy the test breaks and restores (MariaDB run only). */
describe('a database outage', () => {
  let t: TestApp;
  const proxy = TcpProxy.to(MARIADB_URL, 3306);
  beforeAll(async () => {
    await proxy.start();
    const direct = new URL(await prepareDatabaseUrl({ suffix: '_outage' }));
    direct.host = `127.0.0.1:${proxy.port}`;
    // Room to hash every registration of the crowd below, so each one reaches the connection pool.
    t = await createTestApp({ DATABASE_URL: direct.toString(), PASSWORD_HASH_QUEUE: '64' });
  });
  beforeEach(() => t.reset());
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.cut();
  });

  /** Sends the request and answers its response with how long it took, in real time. */
  const timed = async <T>(request: PromiseLike<T>): Promise<{ response: T; ms: number }> => {
    const started = performance.now();
    const response = await request;
    return { response, ms: performance.now() - started };
  };

  /** Every route that needs the database, for a signed-in user and a stranger registering meanwhile. */
  const databaseCalls = (user: Awaited<ReturnType<typeof signedInUser>>, stranger: { email: string; password: string }) => [
    t.http.get('/users/me').set(bearer(user.tokens)),
    t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }),
    t.http.post('/auth/login').send({ email: user.email, password: user.password }),
    t.http.post('/auth/register').send(stranger),
    t.http.get('/sessions').set(bearer(user.tokens)),
  ];

  /** Nothing attempted during the outage consumed a token or left anything half-written. */
  const expectNothingConsumed = async (user: Awaited<ReturnType<typeof signedInUser>>, stranger: { email: string; password: string }) => {
    const renewed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
    await t.http.get('/users/me').set(bearer(renewed)).expect(200);
    expect(await t.dataSource.query('SELECT id FROM sessions')).toEqual([{ id: user.tokens.session_id }]);
    expect(await t.dataSource.query('SELECT id FROM users WHERE email = ?', [stranger.email])).toEqual([]);
    await registerUser(t.http, stranger);
  };

  it(
    'refused connections: answers 503 with Retry-After at once (not at the deadline), keeps tokens, and recovers without a restart',
    async () => {
      const user = await signedInUser(t.http);
      const stranger = { email: 'late@example.com', password: 'registering during the outage' };
      await proxy.cut();

      const health = await timed(t.http.get('/health'));
      expect(health.response.status).toBe(503);
      expect(health.response.body).toEqual({ status: 'error', database: 'down' });
      expect(health.ms).toBeLessThan(PING_TIMEOUT_MS);
      for (const call of databaseCalls(user, stranger)) {
        const { response, ms } = await timed(call);
        expect(response.status).toBe(503);
        expect(response.body).toEqual(SERVICE_UNAVAILABLE);
        expect(response.headers['retry-after']).toBe('5');
        // A refused connection is an immediate driver error: answered long before the request deadline.
        expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS / 2);
      }

      await proxy.restore();
      await t.http.get('/health').expect(200);
      await expectNothingConsumed(user, stranger);
    },
    // Six sequential calls, each well under half the deadline, and a recovery.
    6 * (REQUEST_TIMEOUT_MS / 2) + 10_000,
  );

  it(
    'a hung database (accepts, never answers): every call answers 503 within the request deadline, none before the driver could tell, and recovers',
    async () => {
      const user = await signedInUser(t.http);
      const stranger = { email: 'hung@example.com', password: 'registering while the database hangs' };
      // Several idle connections in the pool (six at once, then returned), so calls hang on pooled ones.
      await Promise.all(Array.from({ length: 6 }, () => t.dataSource.query('SELECT SLEEP(0.05)')));
      proxy.blackHole();

      // All at once, each measured on its own: a pooled connection hangs until the request deadline; a new
      // connection gives up at the driver's connect timeout, which is shorter. Either way within the bound.
      const [health, ...calls] = await Promise.all([timed(t.http.get('/health')), ...databaseCalls(user, stranger).map(timed)]);
      expect(health.response.status).toBe(503);
      expect(health.response.body).toEqual({ status: 'error', database: 'down' });
      expect(health.ms).toBeGreaterThanOrEqual(PING_TIMEOUT_MS - 5);
      expect(health.ms).toBeLessThan(PING_TIMEOUT_MS + MARGIN_MS);
      for (const { response, ms } of calls) {
        expect(response.status).toBe(503);
        expect(response.body).toEqual(SERVICE_UNAVAILABLE);
        expect(response.headers['retry-after']).toBe('5');
        // Really hung: nothing can fail before the connect timeout (a refusal answers in milliseconds, above).
        expect(ms).toBeGreaterThanOrEqual(Math.min(CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS) - 5);
        expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + MARGIN_MS);
      }
      // At least one call held a pooled connection, so the request deadline itself answered it.
      expect(Math.max(...calls.map(({ ms }) => ms))).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 5);

      await proxy.restore();
      // The reset reaches the hung pooled connections asynchronously; the pool drops them and reconnects.
      await within(5000, async () => (await t.http.get('/health')).status === 200, 50);
      await expectNothingConsumed(user, stranger);
    },
    // One round of parallel calls bounded by the deadline, the recovery poll, and slack for a busy machine.
    REQUEST_TIMEOUT_MS + MARGIN_MS + 5000 + 10_000,
  );

  it(
    'a hung database with every pooled connection busy: callers waiting for one give up before the deadline, and no registration answered 503 exists afterwards',
    async () => {
      const poolSize = 20;
      // Every pooled connection established, then idle: the first calls take one each and hang on their query.
      await Promise.all(Array.from({ length: poolSize }, () => t.dataSource.query('SELECT SLEEP(0.05)')));
      proxy.blackHole();

      const crowd = Array.from({ length: poolSize + 5 }, (_, i) => ({
        email: `crowd-${i}@example.com`,
        password: 'registering into a full pool',
      }));
      const answers = await Promise.all(crowd.map((body) => timed(t.http.post('/auth/register').send(body))));
      for (const { response, ms } of answers) {
        expect(response.status).toBe(503);
        expect(response.body).toEqual(SERVICE_UNAVAILABLE);
        // Really waited on the database (the hashing pool turned none away) and answered within the deadline.
        expect(ms).toBeGreaterThanOrEqual(Math.min(CONNECT_TIMEOUT_MS, POOL_ACQUIRE_TIMEOUT_MS) - 5);
        expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + MARGIN_MS);
      }
      // Those that found the pool full gave up at the acquire bound, before the request deadline.
      expect(answers.filter(({ ms }) => ms < REQUEST_TIMEOUT_MS - 5).length).toBeGreaterThanOrEqual(crowd.length - poolSize);

      await proxy.restore();
      // The reset drops the hung connections; mysql2 hands their places to whoever still waits in its queue.
      // Quiet means every connection is back in the pool and nobody waits: no registration is still running.
      await within(5000, async () => (await t.http.get('/health')).status === 200, 50);
      await within(5000, () => poolIsQuiet(), 50);
      const emails = crowd.map(({ email }) => email);
      expect(await t.dataSource.query(`SELECT email FROM users WHERE email IN (${emails.map(() => '?').join(', ')})`, emails)).toEqual([]);
      // The crowd's retries succeed: nothing half-registered stands in their way.
      await registerUser(t.http, crowd[0]);
    },
    // The parallel round bounded by the deadline, the two recovery polls, and slack for a busy machine.
    REQUEST_TIMEOUT_MS + MARGIN_MS + 2 * 5000 + 10_000,
  );

  /** mysql2's pool with no caller waiting and every connection returned (its fields, read for the test only). */
  const poolIsQuiet = (): boolean => {
    const pool = (t.dataSource.driver as unknown as { pool: MysqlPoolInternals }).pool;
    return pool._connectionQueue.length === 0 && pool._freeConnections.length === pool._allConnections.length;
  };
});

interface MysqlPoolInternals {
  _connectionQueue: { length: number };
  _freeConnections: { length: number };
  _allConnections: { length: number };
}
