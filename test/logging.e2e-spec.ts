import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { LOG_DESTINATION } from '../src/logging/logging.module.js';
import { bearer, signedInUser } from './factories/user.factory.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('structured logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'trace' }, { overrides: [[LOG_DESTINATION, sink]] });
  });
  afterAll(() => t.close());

  it('writes JSON lines with a request id, echoed in X-Request-Id', async () => {
    const response = await t.http.get('/health').set('X-Request-Id', 'trace-me-123').expect(200);
    expect(response.headers['x-request-id']).toBe('trace-me-123');
    const generated = (await t.http.get('/health').expect(200)).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.some((entry) => entry.req?.id === 'trace-me-123' && entry.res?.statusCode === 200)).toBe(true);
    expect(entries.some((entry) => entry.req?.id === generated)).toBe(true);
  });

  it('never lets a password, token, cookie or authorization header reach the log', async () => {
    const user = await signedInUser(t.http);
    const secrets = [user.password, user.tokens.access_token, user.tokens.refresh_token];
    const wrongPassword = 'wrong but secret pass phrase';
    secrets.push(wrongPassword);
    await t.http.post('/auth/login').send({ email: user.email, password: wrongPassword }).expect(401);
    const refreshed = (
      await t.http
        .post('/auth/refresh')
        .set('Cookie', `refresh_token=${user.tokens.refresh_token}`)
        .send({ refresh_token: user.tokens.refresh_token })
        .expect(200)
    ).body;
    secrets.push(refreshed.access_token, refreshed.refresh_token);
    await t.http.get('/users/me').set(bearer(refreshed)).expect(200);
    await t.http.get(`/users/me?access_token=${refreshed.access_token}`).set(bearer(refreshed)).expect(200);
    await t.http
      .post('/auth/refresh')
      .set('Content-Type', 'application/json')
      .send(`{"refresh_token": "${refreshed.refresh_token}`)
      .expect(400);
    const newPassword = 'a new secret pass phrase';
    secrets.push(newPassword);
    const changed = (
      await t.http.post('/auth/password').set(bearer(refreshed)).send({ currentPassword: user.password, newPassword }).expect(200)
    ).body;
    secrets.push(changed.access_token, changed.refresh_token);
    await t.http.post('/auth/password/forgot').send({ email: user.email }).expect(202);
    const resetToken = resetTokenFrom((await readOutbox(t)).at(-1)!);
    const resetPassword = 'the reset secret pass phrase';
    secrets.push(resetToken, resetPassword);
    await t.http.post('/auth/password/reset').send({ token: resetToken, newPassword: resetPassword }).expect(200);
    await t.http.post('/auth/password/reset').send({ token: resetToken, newPassword: resetPassword }).expect(400);

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      // No recognisable part of a token either (its signature or MAC).
      expect(log).not.toContain(secret.split('.').at(-1)!);
    }
    // The requests themselves were logged, by method and path only.
    const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
    expect(requests.map((entry) => entry.req.url)).toEqual(
      expect.arrayContaining(['/auth/login', '/auth/refresh', '/users/me', '/auth/password/reset']),
    );
    expect(requests.every((entry) => entry.req.headers === undefined)).toBe(true);
  });
});
