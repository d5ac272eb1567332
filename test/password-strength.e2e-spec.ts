import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { bearer } from './factories/user.factory.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { TestApp, createTestApp } from './support/test-app.js';

const EMAIL = 'ada.lovelace@example.com';
const STRONG = 'correct horse battery';

describe('password strength', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    rmSync(t.config.mail.outboxDir, { recursive: true, force: true });
  });

  const register = (password: string, displayName?: string) => t.http.post('/auth/register').send({ email: EMAIL, password, displayName });
  const signIn = async (password: string) => (await t.http.post('/auth/login').send({ email: EMAIL, password }).expect(200)).body;
  const expectWeak = (response: { body: unknown }, why: RegExp) =>
    expect(response.body).toEqual({ statusCode: 400, code: 'WEAK_PASSWORD', message: expect.stringMatching(why) });

  it.each([
    ['sunshine2024', /commonly used/],
    ['password123456', /commonly used/],
    ['monkey12345678', /commonly used/],
    ['qwerty123456', /commonly used/],
    ['Summer2024!', /harder to guess/],
    ['lovelace2024!', /personal/],
    ['ada.lovelace1', /personal/],
    ['aaaaaaaaaaaa', /Repeated characters/],
  ])('refuses %p at registration with 400 WEAK_PASSWORD saying why, storing nothing', async (password, why) => {
    expectWeak(await register(password).expect(400), why);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM users');
    expect(Number(count)).toBe(0);
  });

  it('counts the display name as personal data', async () => {
    await register('gracehopper99', 'Grace Hopper').expect(400);
    await register('gracehopper99').expect(201);
  });

  it('refuses a guessable new password on password change and keeps the old one', async () => {
    await register(STRONG, 'Grace Hopper').expect(201);
    const tokens = await signIn(STRONG);
    for (const newPassword of ['football123', 'adalovelace99', 'Grace Hopper 1906']) {
      const response = await t.http.post('/auth/password').set(bearer(tokens)).send({ currentPassword: STRONG, newPassword }).expect(400);
      expectWeak(response, /harder to guess/);
    }
    await signIn(STRONG);
  });

  it('refuses a guessable new password on reset and leaves the link usable', async () => {
    await register(STRONG, 'Grace Hopper').expect(201);
    await t.http.post('/auth/password/forgot').send({ email: EMAIL }).expect(202);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    expectWeak(await t.http.post('/auth/password/reset').send({ token, newPassword: 'adalovelace99' }).expect(400), /harder to guess/);
    await t.http.post('/auth/password/reset').send({ token, newPassword: 'ñandú über crème' }).expect(200);
    await signIn('ñandú über crème');
  });
});
