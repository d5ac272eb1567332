import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, signedInUser } from './factories/user.factory.js';
import { prepareDatabaseUrl } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('a refresh that fails for an infrastructure reason', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_URL: await prepareDatabaseUrl({ persistent: true, suffix: '_outage' }) });
  });
  afterAll(() => t.close());

  it('does not consume the refresh token: the same token works once the database is back', async () => {
    const user = await signedInUser(t.http);
    await t.dataSource.destroy();
    const failed = await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token });
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(failed.headers['retry-after']).toBe('5');
    expect(JSON.stringify(failed.body)).not.toContain(user.tokens.refresh_token);
    await t.dataSource.initialize();
    const response = await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200);
    await t.http.get('/users/me').set(bearer(response.body)).expect(200);
  });
});
