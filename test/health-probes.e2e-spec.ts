import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createServer } from 'node:net';
import { TestApp, createTestApp } from './support/test-app.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const noStore = (response: { headers: Record<string, string> }) => expect(response.headers['cache-control']).toBe('no-store');

describe('health probes', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  describe('GET /health/live', () => {
    it('answers 200 without authentication and without asking the database, even when it is gone', async () => {
      t = await createTestApp();
      await t.dataSource.destroy();
      const query = jest.spyOn(t.dataSource, 'query');
      const response = await t.http.get('/health/live').expect(200);
      expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      noStore(response);
      expect(query).not.toHaveBeenCalled();
    });
  });

  describe('GET /health/ready', () => {
    it('answers 200 with the database up, without authentication, and asks Redis only when it is configured', async () => {
      t = await createTestApp();
      const response = await t.http.get('/health/ready').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      });
      noStore(response);
    });

    it('answers 503 with terminus’s body when the database is unreachable', async () => {
      t = await createTestApp();
      await t.dataSource.destroy();
      const response = await t.http.get('/health/ready').expect(503);
      // Exactly this body: no driver message, host or port.
      expect(response.body).toEqual({
        status: 'error',
        info: {},
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
      noStore(response);
    });

    it('answers 503 naming Redis when REDIS_URL is configured but nothing answers there', async () => {
      const port = await closedPort();
      // keepData: resetting the tables also clears the throttling counters, which live in that Redis.
      t = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` }, { keepData: true });
      const response = await t.http.get('/health/ready').expect(503);
      expect(response.body).toEqual({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { redis: { status: 'down' } },
        details: { database: { status: 'up' }, redis: { status: 'down' } },
      });
      expect(JSON.stringify(response.body)).not.toContain(String(port));
      noStore(response);
    });
  });
});
