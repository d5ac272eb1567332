import { afterEach, describe, expect, it } from '@jest/globals';
import { TestApp, createTestApp } from './support/test-app.js';

describe('GET /health', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers 200 with the database up, without authentication', async () => {
    t = await createTestApp();
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database is unreachable', async () => {
    t = await createTestApp();
    await t.dataSource.destroy();
    const response = await t.http.get('/health').expect(503);
    expect(response.body).toEqual({ status: 'error', database: 'down' });
  });
});
