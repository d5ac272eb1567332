import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { helmetHeaders } from '../src/http/security-headers.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await t.http.post('/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(response.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' });
  });

  it('answers a JSON body that is not an object with 400, never 500', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await t.http.post('/auth/login').set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.body.statusCode).toBe(400);
    }
  });

  it('answers an empty body with 400 VALIDATION_FAILED', async () => {
    const response = await t.http.post('/auth/login').expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers a body over 100 KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await t.http
      .post('/auth/register')
      .send({ email: 'a@example.com', password: 'x'.repeat(101 * 1024) })
      .expect(413);
    expect(response.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
  });

  it('answers an unknown route with 404 in the shared shape', async () => {
    const response = await t.http.get('/nope').expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found.' });
  });

  it('answers an unsupported content type with 415, never 500', async () => {
    const response = await t.http.post('/auth/login').set('Content-Type', 'application/xml').send('<login/>');
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('marks every response carrying a token as not to be stored', async () => {
    const register = await t.http
      .post('/auth/register')
      .send({ email: 'cache@example.com', password: 'cache me never please' })
      .expect(201);
    expect(register.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      email: 'cache@example.com',
    });
    const login = await t.http.post('/auth/login').send({ email: 'cache@example.com', password: 'cache me never please' }).expect(200);
    const refresh = await t.http.post('/auth/refresh').send({ refresh_token: login.body.refresh_token }).expect(200);
    const change = await t.http
      .post('/auth/password')
      .set('Authorization', `Bearer ${refresh.body.access_token}`)
      .send({ currentPassword: 'cache me never please', newPassword: 'still never cache me' })
      .expect(200);
    for (const response of [login, refresh, change]) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    }
  });
});

// Only public routes here: two apps in one process share passport's strategy registry.
describe('security headers and CORS', () => {
  let closed: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    closed = await createTestApp();
    open = await createTestApp({ CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it('sends helmet’s security headers on every response, errors included', async () => {
    for (const response of [await closed.http.get('/health'), await closed.http.get('/nope')]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      // Computed once at boot: every header helmet would set, with exactly its value.
      for (const [name, value] of Object.entries(helmetHeaders())) expect(response.headers[name.toLowerCase()]).toBe(value);
    }
  });

  it('keeps CORS closed by default', async () => {
    const preflight = await closed.http
      .options('/auth/login')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await closed.http.get('/health').set('Origin', 'https://app.example.com');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens CORS to the listed origins only', async () => {
    const allowed = await open.http
      .options('/auth/login')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await open.http
      .options('/auth/login')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
