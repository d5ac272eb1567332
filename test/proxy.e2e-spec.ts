import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { registerUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

type Answer = { status: number; body: { code?: string } };
const expectThrottled = (response: Answer) => expect([response.status, response.body.code]).toEqual([429, 'TOO_MANY_REQUESTS']);

/** Addresses a client can pick at will inside one IPv6 /64 (and one outside it). */
const inPrefix = (i: number) => `2001:db8:1:2:${((i * 7919) & 0xffff).toString(16)}:${i.toString(16)}:0:${(i + 1).toString(16)}`;
const OTHER_PREFIX = '2001:db8:1:3::1';

describe('behind one proxy (TRUST_PROXY=1, a hop count)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', REGISTRATIONS_PER_IP_PER_HOUR: '3' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  const forgedRefresh = (ip: string) => t.http.post('/auth/refresh').set(from(ip)).send({ refresh_token: 'rt1.forged' });

  it('takes the client address from the entry the proxy appended, not the one the client wrote', async () => {
    const user = await registerUser(t.http);
    await t.http
      .post('/auth/login')
      .set(from('198.51.100.7, 203.0.113.9'))
      .send({ email: user.email, password: user.password })
      .expect(200);
    const [session] = await t.dataSource.query('SELECT ip FROM sessions');
    expect(session.ip).toBe('203.0.113.9');
  });

  it('gives every address of one IPv6 /64 one refresh budget, and another /64 its own', async () => {
    for (let i = 0; i < 30; i += 1) expect((await forgedRefresh(inPrefix(i)).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    expectThrottled(await forgedRefresh(inPrefix(1000)));
    expect((await forgedRefresh(OTHER_PREFIX).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    for (let i = 0; i < 15; i += 1) await forgedRefresh('::ffff:203.0.113.5').expect(401);
    for (let i = 0; i < 15; i += 1) await forgedRefresh('203.0.113.5').expect(401);
    expectThrottled(await forgedRefresh('::ffff:203.0.113.5'));
    expectThrottled(await forgedRefresh('203.0.113.5'));
  });

  it('gives one /64 one failed-login budget', async () => {
    // Fifty accounts, so the per-account limit (5) never applies: only the per-IP one (50) can.
    for (let i = 0; i < 50; i += 1)
      await t.http
        .post('/auth/login')
        .set(from(inPrefix(i)))
        .send({ email: `nobody${i}@example.com`, password: 'wrong password' })
        .expect(401);
    expectThrottled(
      await t.http
        .post('/auth/login')
        .set(from(inPrefix(1000)))
        .send({ email: 'another@example.com', password: 'wrong password' }),
    );
    await t.http.post('/auth/login').set(from(OTHER_PREFIX)).send({ email: 'another@example.com', password: 'wrong password' }).expect(401);
  });

  it('gives one /64 one forgot-password and one registration budget', async () => {
    for (let i = 0; i < 20; i += 1)
      await t.http
        .post('/auth/password/forgot')
        .set(from(inPrefix(i)))
        .send({ email: `someone${i}@example.com` })
        .expect(202);
    expectThrottled(
      await t.http
        .post('/auth/password/forgot')
        .set(from(inPrefix(1000)))
        .send({ email: 'another@example.com' }),
    );
    await t.http.post('/auth/password/forgot').set(from(OTHER_PREFIX)).send({ email: 'another@example.com' }).expect(202);
    const signUp = (ip: string, i: number) =>
      t.http
        .post('/auth/register')
        .set(from(ip))
        .send({ email: `new${i}@example.com`, password: `a fine pass phrase ${i}` });
    for (let i = 0; i < 3; i += 1) await signUp(inPrefix(i), i).expect(201);
    expectThrottled(await signUp(inPrefix(1000), 3));
    await signUp(OTHER_PREFIX, 4).expect(201);
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('ignores X-Forwarded-For for throttling: a client cannot spread its failures over invented addresses', async () => {
    const forged = (i: number) =>
      t.http.post('/auth/refresh').set('X-Forwarded-For', `198.51.100.${i}`).send({ refresh_token: 'rt1.forged' });
    for (let i = 0; i < 30; i += 1) await forged(i).expect(401);
    expectThrottled(await forged(200));
  });
});
