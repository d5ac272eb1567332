import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { userAttributes } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** Registrations are counted per client IP, whatever their outcome (REGISTRATIONS_PER_IP_PER_HOUR). */
describe('POST /auth/register throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'true', REGISTRATIONS_PER_IP_PER_HOUR: '3' });
  });
  afterAll(() => t.close());

  const registerFrom = (ip: string, attributes = userAttributes()) =>
    t.http.post('/auth/register').set('X-Forwarded-For', ip).send(attributes);

  it('answers 429 past the hourly limit of one address, 409s included, and only there, until the hour has passed', async () => {
    const taken = userAttributes();
    await registerFrom('203.0.113.7', taken).expect(201);
    await registerFrom('203.0.113.7', taken).expect(409);
    await registerFrom('203.0.113.7').expect(201);
    const refused = await registerFrom('203.0.113.7').expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.headers['retry-after']).toBe('3600');
    // Nothing was hashed or stored for the refused request, and other addresses are unaffected.
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM users');
    expect(Number(count)).toBe(2);
    await registerFrom('203.0.113.8').expect(201);
    t.clock.advanceSeconds(3600 - 1);
    await registerFrom('203.0.113.7').expect(429);
    t.clock.advanceSeconds(1);
    await registerFrom('203.0.113.7').expect(201);
  });
});
