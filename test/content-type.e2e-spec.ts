import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { request } from 'node:http';
import { registerUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

const UNSUPPORTED = { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type.' };

/**
 * What a cross-site page can post without a CORS preflight: form-encoded, multipart or text/plain bodies
 * (or none typed at all). JSON routes refuse them all before anything runs; only /oauth/* takes forms.
 */
describe('request body content types', () => {
  let t: TestApp;
  let base: string;
  let verifications: ReturnType<typeof jest.spyOn>;
  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    verifications = jest.spyOn(t.app.get(PasswordHasher), 'verifyHash');
  });
  afterEach(() => verifications.mockRestore());

  /** Exactly these headers and bytes (supertest would add a content type of its own). */
  const raw = (path: string, headers: Record<string, string>, payload: string) =>
    new Promise<{ statusCode: number; headers: Record<string, unknown>; json: () => unknown }>((resolve, reject) => {
      const sent = request(
        `${base}${path}`,
        { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              statusCode: response.statusCode ?? 0,
              headers: response.headers,
              json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      sent.on('error', reject);
      sent.end(payload);
    });

  it('refuses a form-encoded cookie-mode login with 415, without hashing, counting or setting a cookie', async () => {
    const user = await registerUser(t.http);
    // Past the per-account limit (5): had any of these counted, the last login would be throttled.
    for (let i = 0; i < 6; i += 1) {
      const response = await t.http
        .post('/auth/login')
        .type('form')
        .send({ email: user.email, password: 'wrong password', transport: 'cookie' });
      expect(response.status).toBe(415);
      expect(response.body).toEqual(UNSUPPORTED);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const planted = await t.http
      .post('/auth/login')
      .type('form')
      .send({ email: user.email, password: user.password, transport: 'cookie' })
      .expect(415);
    expect(planted.headers['set-cookie']).toBeUndefined();
    expect(verifications).not.toHaveBeenCalled();
    await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
  });

  it('refuses form-encoded bodies on every JSON route, whatever the spelling of the type', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=UTF-8',
      'Application/X-WWW-Form-URLEncoded',
    ]) {
      for (const url of [
        '/auth/register',
        '/auth/login',
        '/auth/refresh',
        '/auth/logout',
        '/auth/password/forgot',
        '/auth/password/reset',
      ]) {
        const response = await raw(
          url,
          { 'content-type': type },
          'email=victim%40example.com&password=correct+horse+battery&refresh_token=x',
        );
        expect([url, response.statusCode, response.json()]).toEqual([url, 415, UNSUPPORTED]);
      }
    }
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n)).toBe(0);
  });

  it('never parses a text/plain body as JSON, even one that looks like JSON', async () => {
    const user = await registerUser(t.http);
    const body = JSON.stringify({ email: user.email, password: user.password, transport: 'cookie' });
    for (const type of ['text/plain', 'text/plain; charset=UTF-8']) {
      const response = await raw('/auth/login', { 'content-type': type }, body);
      expect([response.statusCode, response.json()]).toEqual([415, UNSUPPORTED]);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(verifications).not.toHaveBeenCalled();
  });

  it('refuses multipart bodies and bodies without a content type', async () => {
    const multipart = await raw(
      '/auth/login',
      { 'content-type': 'multipart/form-data; boundary=x' },
      '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--x--\r\n',
    );
    expect([multipart.statusCode, multipart.json()]).toEqual([415, UNSUPPORTED]);
    const untyped = await raw('/auth/login', {}, '{"email":"a@example.com","password":"correct horse battery"}');
    expect([untyped.statusCode, untyped.json()]).toEqual([415, UNSUPPORTED]);
    expect(verifications).not.toHaveBeenCalled();
  });

  it('keeps JSON everywhere and form-encoded bodies on the OAuth endpoints', async () => {
    const user = await registerUser(t.http);
    await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    const token = await t.http
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'password', username: user.email, password: user.password })
      .expect(200);
    await t.http.post('/oauth/revoke').type('form').send({ token: token.body.refresh_token }).expect(200);
  });

  it('answers the OAuth endpoints in their own shape for other types and for a prototype-polluting form', async () => {
    const text = await raw('/oauth/token', { 'content-type': 'text/plain' }, '{"grant_type":"password"}');
    expect([text.statusCode, text.json()]).toEqual([415, { error: 'invalid_request', error_description: expect.any(String) }]);
    const polluting = await raw('/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, '__proto__=x&grant_type=password');
    expect([polluting.statusCode, polluting.json()]).toEqual([400, { error: 'invalid_request', error_description: expect.any(String) }]);
  });
});
