import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { registerUser, signedInUser } from './factories/user.factory.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { TestApp, createTestApp } from './support/test-app.js';

const MINUTE = 60;

describe('throttling of failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy, so each test can speak from its own client address.
    t = await createTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  let address = 0;
  const newIp = () => `198.51.100.${(address += 1) % 250}`;
  const loginFrom = (ip: string, email: string, password: string) =>
    t.http.post('/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  const expectThrottled = (response: { status: number; body: { code: string; statusCode: number }; headers: Record<string, string> }) => {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('blocks one address after 5 failed logins on an account, even with the right password, for exactly the block; the owner elsewhere signs in', async () => {
    const user = await registerUser(t.http);
    const attacker = newIp();
    for (let i = 0; i < 5; i += 1) await loginFrom(attacker, user.email, 'wrong password').expect(401);
    const blocked = await loginFrom(attacker, user.email, user.password);
    expectThrottled(blocked);
    expect(Number(blocked.headers['retry-after'])).toBe(15 * MINUTE);
    await loginFrom(newIp(), user.email, user.password).expect(200);
    t.clock.advanceSeconds(15 * MINUTE - 1);
    expectThrottled(await loginFrom(attacker, user.email, user.password));
    t.clock.advanceSeconds(1);
    await loginFrom(attacker, user.email, user.password).expect(200);
  });

  it('throttles an account guessed at from everywhere, yet never the owner’s devices that signed in before', async () => {
    const user = await registerUser(t.http);
    const known = (await loginFrom(newIp(), user.email, user.password).expect(200)).body;
    expect(known.device_token).toMatch(/^dv1\./);
    // A botnet: 50 failures, from addresses that each stay under their own limit.
    for (let i = 0; i < 50; i += 1) await loginFrom(newIp(), user.email, `guess ${i}`).expect(401);
    expectThrottled(await loginFrom(newIp(), user.email, user.password));
    const fromKnownDevice = await t.http
      .post('/auth/login')
      .set('X-Forwarded-For', newIp())
      .send({ email: user.email, password: user.password, deviceToken: known.device_token })
      .expect(200);
    expect(fromKnownDevice.body.device_token).toBe(known.device_token);
    // Another account's device token, or a forged one, is no key.
    const other = await registerUser(t.http);
    const othersDevice = (await loginFrom(newIp(), other.email, other.password).expect(200)).body.device_token;
    expectThrottled(
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', newIp())
        .send({ email: user.email, password: user.password, deviceToken: othersDevice }),
    );
    expectThrottled(
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', newIp())
        .send({ email: user.email, password: user.password, deviceToken: `${known.device_token.slice(0, -2)}AA` }),
    );
  });

  it('limits a known device’s own failures like one address', async () => {
    const user = await registerUser(t.http);
    const deviceToken = (await loginFrom(newIp(), user.email, user.password).expect(200)).body.device_token;
    const fromDevice = (password: string) =>
      t.http.post('/auth/login').set('X-Forwarded-For', newIp()).send({ email: user.email, password, deviceToken });
    for (let i = 0; i < 5; i += 1) await fromDevice('wrong password').expect(401);
    expectThrottled(await fromDevice(user.password));
  });

  it('answers an unknown email exactly as a known one, throttling included', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i += 1) await loginFrom(ip, 'ghost@example.com', 'wrong password').expect(401);
    expectThrottled(await loginFrom(ip, 'ghost@example.com', 'wrong password'));
  });

  it('lets a password reset start a fresh per-account count, so an attacker cannot lock the owner out for good', async () => {
    const user = await registerUser(t.http);
    for (let i = 0; i < 50; i += 1) await loginFrom(newIp(), user.email, 'wrong password');
    expectThrottled(await loginFrom(newIp(), user.email, user.password));
    await t.http.post('/auth/password/forgot').set('X-Forwarded-For', newIp()).send({ email: user.email }).expect(202);
    const token = resetTokenFrom((await readOutbox(t)).at(-1)!);
    await t.http.post('/auth/password/reset').send({ token, newPassword: 'owner is back in for good' }).expect(200);
    await loginFrom(newIp(), user.email, 'owner is back in for good').expect(200);
  });

  it('lets a parallel burst of wrong passwords reach the password hash no more often than the limit', async () => {
    const user = await registerUser(t.http);
    const hashes = jest.spyOn(t.app.get(PasswordHasher), 'verifyHash');
    const ip = newIp();
    const responses = await Promise.all(Array.from({ length: 20 }, () => loginFrom(ip, user.email, 'wrong password')));
    expect(hashes).toHaveBeenCalledTimes(5);
    expect(responses.map((response) => response.status).sort()).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    hashes.mockRestore();
  });

  it('gives back the attempt of a successful sign-in, so the owner’s own logins never use up the budget', async () => {
    const user = await registerUser(t.http);
    const ip = newIp();
    for (let i = 0; i < 4; i += 1) await loginFrom(ip, user.email, 'wrong password').expect(401);
    for (let i = 0; i < 10; i += 1) await loginFrom(ip, user.email, user.password).expect(200);
    await loginFrom(ip, user.email, 'wrong password').expect(401);
    expectThrottled(await loginFrom(ip, user.email, user.password));
  });

  it('blocks an IP after 50 failed logins across accounts, and only that IP', async () => {
    const ip = newIp();
    for (let i = 0; i < 50; i += 1) await loginFrom(ip, `guess${i}@example.com`, 'wrong password').expect(401);
    const user = await registerUser(t.http);
    expectThrottled(await loginFrom(ip, user.email, user.password));
    await loginFrom(newIp(), user.email, user.password).expect(200);
  });

  it('never throttles successful sign-ins and refreshes from one busy office IP', async () => {
    const office = newIp();
    const users = await Promise.all(Array.from({ length: 6 }, () => registerUser(t.http)));
    for (let round = 0; round < 10; round += 1) {
      for (const user of users) {
        const tokens = (await loginFrom(office, user.email, user.password).expect(200)).body;
        await t.http.post('/auth/refresh').set('X-Forwarded-For', office).send({ refresh_token: tokens.refresh_token }).expect(200);
      }
    }
  });

  it('answers 429 to an IP’s forged refresh tokens after 30, for exactly the block, yet never refuses a token that authenticates', async () => {
    const ip = newIp();
    const user = await signedInUser(t.http);
    const refreshFrom = (token: string) => t.http.post('/auth/refresh').set('X-Forwarded-For', ip).send({ refresh_token: token });
    for (let i = 0; i < 30; i += 1) await refreshFrom(`garbage-${i}`).expect(401);
    expectThrottled(await refreshFrom('garbage-again'));
    // The owner's own token from the same address goes through.
    const renewed = (await refreshFrom(user.tokens.refresh_token).expect(200)).body;
    t.clock.advanceSeconds(15 * MINUTE - 1);
    expectThrottled(await refreshFrom('garbage-late'));
    t.clock.advanceSeconds(1);
    expect((await refreshFrom('garbage-after').expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await refreshFrom(renewed.refresh_token).expect(200);
  });

  it('does not count ordinary refusals (an expired or revoked session) against the IP', async () => {
    const ip = newIp();
    const users = await Promise.all(Array.from({ length: 31 }, () => signedInUser(t.http)));
    for (const user of users) await t.http.post('/auth/logout').send({ refresh_token: user.tokens.refresh_token }).expect(204);
    for (const user of users) {
      const response = await t.http
        .post('/auth/refresh')
        .set('X-Forwarded-For', ip)
        .send({ refresh_token: user.tokens.refresh_token })
        .expect(401);
      expect(response.body.code).toBe('SESSION_REVOKED');
    }
    expect((await t.http.post('/auth/refresh').set('X-Forwarded-For', ip).send({ refresh_token: 'garbage' }).expect(401)).body.code).toBe(
      'INVALID_REFRESH_TOKEN',
    );
  });

  it('limits forgot-password to 3 per account and 20 per IP per hour', async () => {
    const user = await registerUser(t.http);
    for (let i = 0; i < 3; i += 1)
      await t.http.post('/auth/password/forgot').set('X-Forwarded-For', newIp()).send({ email: user.email }).expect(202);
    expectThrottled(await t.http.post('/auth/password/forgot').set('X-Forwarded-For', newIp()).send({ email: user.email }));
    const ip = newIp();
    for (let i = 0; i < 20; i += 1)
      await t.http
        .post('/auth/password/forgot')
        .set('X-Forwarded-For', ip)
        .send({ email: `someone${i}@example.com` })
        .expect(202);
    expectThrottled(await t.http.post('/auth/password/forgot').set('X-Forwarded-For', ip).send({ email: 'another@example.com' }));
    t.clock.advanceSeconds(60 * MINUTE);
    await t.http.post('/auth/password/forgot').set('X-Forwarded-For', ip).send({ email: user.email }).expect(202);
  });
});
