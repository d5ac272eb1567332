import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { sqlTime } from '../src/common/database/sql-time.js';
import { Metrics } from '../src/metrics/metrics.js';
import { registerUser } from './factories/user.factory.js';
import { pauseMethod } from './support/pause.js';
import { within } from './support/eventually.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('password hashing and policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['too short', 'short'],
    ['too long', 'x'.repeat(129)],
    ['very common', 'password1'],
    ['very common, whatever the case', 'IloveYou'],
  ])('refuses a %s password with 400 WEAK_PASSWORD and a helpful message, storing nothing', async (_, password) => {
    const response = await t.http.post('/auth/register').send({ email: 'weak@example.com', password }).expect(400);
    expect(response.body).toEqual({ statusCode: 400, code: 'WEAK_PASSWORD', message: expect.stringMatching(/characters|common/) });
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM users');
    expect(Number(count)).toBe(0);
  });

  it('refuses an over-long password before hashing anything', async () => {
    const hasher = t.app.get(PasswordHasher);
    const hashSpy = jest.spyOn(hasher, 'hash');
    await t.http
      .post('/auth/register')
      .send({ email: 'long@example.com', password: 'x'.repeat(129) })
      .expect(400);
    expect(hashSpy).not.toHaveBeenCalled();
  });

  it('runs exactly one full argon2 verification for an unknown email and for a wrong password, at the same cost', async () => {
    const user = await registerUser(t.http);
    const verifySpy = jest.spyOn(t.app.get(PasswordHasher), 'verifyHash');
    await t.http.post('/auth/login').send({ email: 'nobody@example.com', password: 'wrong password' }).expect(401);
    await t.http.post('/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401);
    expect(verifySpy).toHaveBeenCalledTimes(2);
    const [dummyHash, realHash] = verifySpy.mock.calls.map(([passwordHash]) => passwordHash);
    const parameters = (phc: string) => phc.split('$').slice(1, 4).join('$');
    expect(parameters(dummyHash)).toBe('argon2id$v=19$m=19456,t=2,p=1');
    expect(parameters(realHash)).toBe(parameters(dummyHash));
  });

  it('re-hashes a password stored with weaker parameters on the next successful login', async () => {
    const weakHash = await hash('legacy pass phrase', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const now = sqlTime(t.clock.now());
    await t.dataSource.query(
      'INSERT INTO users (id, email, password_hash, display_name, jwt_version, role, created_at, updated_at) VALUES (?, ?, ?, NULL, 0, ?, ?, ?)',
      [randomUUID(), 'legacy@example.com', weakHash, 'user', now, now],
    );
    await t.http.post('/auth/login').send({ email: 'legacy@example.com', password: 'wrong pass phrase' }).expect(401);
    expect((await t.dataSource.query('SELECT password_hash FROM users'))[0].password_hash).toBe(weakHash);
    await t.http.post('/auth/login').send({ email: 'legacy@example.com', password: 'legacy pass phrase' }).expect(200);
    const [{ password_hash: upgraded }] = await t.dataSource.query('SELECT password_hash FROM users');
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await t.http.post('/auth/login').send({ email: 'legacy@example.com', password: 'legacy pass phrase' }).expect(200);
  });
});

describe('the cap on concurrent password hashes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1' });
  });
  afterAll(() => t.close());

  it('answers the excess of a burst with a quick 503 SERVICE_UNAVAILABLE and Retry-After, never a 500', async () => {
    const user = await registerUser(t.http);
    const login = () =>
      t.http
        .post('/auth/login')
        .send({ email: user.email, password: user.password })
        .then((response) => response);
    // The first hash holds the one hashing slot (paused inside it), so the burst meets a full pool and queue
    // whatever the machine's speed, instead of hoping twelve requests overlap on their own.
    const slot = pauseMethod(t.app.get(Metrics), 'timeHash', { hold: 'before' });
    const first = login();
    await slot.arrived;
    let answered = 0;
    const burst = Array.from({ length: 11 }, () => login().finally(() => (answered += 1)));
    // One waits in the queue (size 1) until the slot frees; every other one is refused at once.
    await within(5000, () => answered === 10);
    slot.release();
    const responses = [await first, ...(await Promise.all(burst))];
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses).toContain(200);
    const refused = responses.filter((response) => response.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('1');
    }
  });
});
