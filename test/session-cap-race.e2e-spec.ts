import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { login, registerUser } from './factories/user.factory.js';
import { pauseMethod } from './support/pause.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** Concurrent sign-ins of one user never leave more live sessions than SESSION_MAX_PER_USER (MySQL included). */
describe('the per-user session cap under concurrent sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_MAX_PER_USER: '2' });
  });
  afterAll(() => t.close());

  it('keeps at most the cap when sign-ins open their sessions at the same moment', async () => {
    const user = await registerUser(t.http);
    await login(t.http, user, 'first');
    // Three sign-ins pass their password check and are held, then open their sessions together.
    const checked = pauseMethod(t.app.get(PasswordHasher), 'verifyHash', { count: 3 });
    const logins = [1, 2, 3].map((i) =>
      t.http
        .post('/auth/login')
        .send({ email: user.email, password: user.password, deviceName: `device ${i}` })
        .then((response) => response.status),
    );
    await checked.arrived;
    checked.release();
    expect(await Promise.all(logins)).toEqual([200, 200, 200]);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions WHERE revoked_at IS NULL');
    expect(Number(count)).toBe(2);
  });
});
