import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { within } from './support/eventually.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

const RECONNECT_MS = 8_000;
const REDIS_URL = new URL(process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** Readiness through proxies the test cuts and restores: MariaDB and a real Redis (MariaDB run only). */
describe('GET /health/ready against MariaDB and Redis', () => {
  let t: TestApp;
  const database = new TcpProxy('127.0.0.1', 3306);
  const redis = new TcpProxy(REDIS_URL.hostname, Number(REDIS_URL.port || 6379));
  beforeAll(async () => {
    await database.start();
    await redis.start();
    const databaseUrl = new URL(await prepareDatabaseUrl({ suffix: '_ready' }));
    databaseUrl.host = `127.0.0.1:${database.port}`;
    const redisUrl = new URL(REDIS_URL);
    redisUrl.host = `127.0.0.1:${redis.port}`;
    t = await createTestApp({ DATABASE_URL: databaseUrl.toString(), REDIS_URL: redisUrl.toString() });
  });
  afterAll(async () => {
    await database.restore().catch(() => undefined);
    await t.close();
    await database.cut();
    await redis.cut();
  });

  const ready = async () => {
    const response = await t.http.get('/health/ready');
    return { status: response.status, error: response.body.error, info: response.body.info };
  };
  // ioredis and the connection pool reconnect on their own schedule, in real time.
  const becomesReady = () => within(RECONNECT_MS, async () => (await ready()).status === 200, 100);

  it(
    'answers 200 with both up, 503 naming whichever is cut, and 200 again once restored',
    async () => {
      await becomesReady();
      expect(await ready()).toEqual({ status: 200, error: {}, info: { database: { status: 'up' }, redis: { status: 'up' } } });

      await redis.cut();
      expect(await ready()).toEqual({ status: 503, error: { redis: { status: 'down' } }, info: { database: { status: 'up' } } });
      await redis.restore();
      await becomesReady();

      await database.cut();
      expect(await ready()).toEqual({ status: 503, error: { database: { status: 'down' } }, info: { redis: { status: 'up' } } });
      await database.restore();
      await becomesReady();
    },
    3 * RECONNECT_MS + 10_000,
  );
});
