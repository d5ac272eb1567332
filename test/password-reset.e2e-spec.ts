import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { PasswordResetRepository } from '../src/password-reset/password-reset.repository.js';
import { PasswordResetService } from '../src/password-reset/password-reset.service.js';
import { pauseMethod } from './support/pause.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    rmSync(t.config.mail.outboxDir, { recursive: true, force: true });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const forgot = (email: string) => t.http.post('/auth/password/forgot').send({ email }).expect(202);
  const reset = (token: string, newPassword = 'a fresh pass phrase') => t.http.post('/auth/password/reset').send({ token, newPassword });

  it('answers 202 with the same body whether or not the account exists, and mails only a real account', async () => {
    const user = await signedInUser(t.http);
    const known = await forgot(user.email.toUpperCase());
    const unknown = await forgot('nobody@example.com');
    expect(known.body).toEqual(unknown.body);
    expect(known.body).toEqual({ message: expect.any(String) });
    const mails = await readOutbox(t);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: user.email, subject: 'Reset your password' });
    expect(resetTokenFrom(mails[0])).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('resets the password, bumps jwt_version and ends every session', async () => {
    const user = await signedInUser(t.http);
    const other = await login(t.http, user);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    const response = await reset(token).expect(200);
    expect(response.body).toEqual({ message: expect.any(String) });
    for (const tokens of [user.tokens, other]) {
      expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      expect((await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }).expect(401)).body.code).toBe(
        'SESSION_REVOKED',
      );
    }
    await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await t.http.post('/auth/login').send({ email: user.email, password: 'a fresh pass phrase' }).expect(200);
    const [row] = await t.dataSource.query('SELECT jwt_version FROM users');
    expect(Number(row.jwt_version)).toBe(1);
  });

  it('accepts a token once only', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    await reset(token).expect(200);
    const again = await reset(token, 'yet another pass phrase').expect(400);
    expect(again.body).toEqual({
      statusCode: 400,
      code: 'INVALID_RESET_TOKEN',
      message: 'The reset link is invalid, expired or already used.',
    });
  });

  it('lets exactly one of two simultaneous resets with one token succeed', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    const statuses = (await Promise.all([reset(token, 'first new pass phrase'), reset(token, 'second new pass phrase')])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 400]);
  });

  it('refuses a token after 30 minutes', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    t.clock.advanceSeconds(30 * 60);
    expect((await reset(token).expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(401);
  });

  it('refuses unknown or malformed tokens', async () => {
    for (const token of ['nope', 'A'.repeat(43), '']) expect((await reset(token).expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
  });

  it('refuses a weak new password without consuming the token', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    expect((await reset(token, 'password').expect(400)).body.code).toBe('WEAK_PASSWORD');
    await reset(token).expect(200);
  });

  it('retires an earlier link when a newer one is requested', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const first = resetTokenFrom((await readOutbox(t))[0]);
    await forgot(user.email);
    const mails = await readOutbox(t);
    expect(mails).toHaveLength(2);
    const second = resetTokenFrom(mails[1]);
    expect((await reset(first).expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
    await reset(second).expect(200);
  });

  it('stores only a hash of the token', async () => {
    const user = await signedInUser(t.http);
    await forgot(user.email);
    const token = resetTokenFrom((await readOutbox(t))[0]);
    const rows = await t.dataSource.query('SELECT * FROM password_reset_tokens');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('validates the bodies', async () => {
    expect((await t.http.post('/auth/password/forgot').send({ email: 'not-an-email' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.post('/auth/password/reset').send({ token: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  describe('at most one live link per user', () => {
    const liveLinks = async () =>
      Number((await t.dataSource.query('SELECT COUNT(*) AS count FROM password_reset_tokens WHERE used_at IS NULL'))[0].count);

    it('leaves exactly one working link after concurrent requests', async () => {
      const user = await signedInUser(t.http);
      // The first request is held just before it stores its link, after retiring the older ones.
      const storing = pauseMethod(t.app.get(PasswordResetRepository), 'insert', { hold: 'before' });
      await forgot(user.email);
      await storing.arrived;
      await forgot(user.email);
      // Give the second request every chance to overtake the first (it must not: it waits for the first's
      // transaction). Real time, because what is awaited is the absence of progress.
      await new Promise((resolve) => setTimeout(resolve, 200));
      storing.release();
      await t.app.get(PasswordResetService).whenIdle();
      expect(await liveLinks()).toBe(1);
      const tokens = (await readOutbox(t)).map(resetTokenFrom);
      const results = await Promise.all(tokens.map((token) => reset(token).then((response) => response.status)));
      expect(results.filter((status) => status === 200)).toHaveLength(1);
      // The 200 ms of real time given to the second request, and two argon2 hashes.
    }, 10_000);

    it.each([
      [
        'a password change',
        (user: { password: string }, tokens: { access_token: string }) =>
          t.http
            .post('/auth/password')
            .set(bearer(tokens))
            .send({ currentPassword: user.password, newPassword: 'changed meanwhile pass phrase' })
            .expect(200),
      ],
      ['logout-all', (_user: unknown, tokens: { access_token: string }) => t.http.post('/auth/logout-all').set(bearer(tokens)).expect(204)],
    ])('retires the link at %s', async (_, change) => {
      const user = await signedInUser(t.http);
      await forgot(user.email);
      await t.app.get(PasswordResetService).whenIdle();
      const token = resetTokenFrom((await readOutbox(t)).at(-1)!);
      await change(user, user.tokens);
      expect((await reset(token).expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
    });
  });
});
