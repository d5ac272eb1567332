import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
    const response = await t.http.post('/auth/register').send({ email: 'a@example.com', password: 'x'.repeat(101 * 1024) }).expect(413);
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
});
