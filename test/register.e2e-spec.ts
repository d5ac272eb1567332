import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { userAttributes } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('POST /auth/register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('creates an account and answers its public view', async () => {
    const response = await t.http
      .post('/auth/register')
      .send({ email: 'Ada@Example.COM', password: 'correct horse battery', displayName: 'Ada' })
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      email: 'ada@example.com',
      displayName: 'Ada',
      createdAt: t.clock.now().toISOString(),
    });
  });

  it('stores the email lower-case and an argon2id hash, never the password', async () => {
    await t.http.post('/auth/register').send({ email: 'Grace@Example.com', password: 'correct horse battery' }).expect(201);
    const [row] = await t.dataSource.query('SELECT email, password_hash, jwt_version FROM users');
    expect(row.email).toBe('grace@example.com');
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(Number(row.jwt_version)).toBe(0);
  });

  it('refuses an email that differs only in case with 409 EMAIL_TAKEN', async () => {
    const attributes = userAttributes({ email: 'linus@example.com' });
    await t.http.post('/auth/register').send(attributes).expect(201);
    const response = await t.http
      .post('/auth/register')
      .send({ ...attributes, email: 'LINUS@example.com' })
      .expect(409);
    expect(response.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: 'An account with this email already exists.' });
  });

  it('lets only one of two simultaneous registrations of one email succeed', async () => {
    const attributes = userAttributes();
    const statuses = await Promise.all(
      [1, 2, 3].map(() =>
        t.http
          .post('/auth/register')
          .send(attributes)
          .then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([201, 409, 409]);
  });

  it.each([
    [{ email: 'not-an-email', password: 'correct horse battery' }, 'email'],
    [{ email: 'a@example.com', password: 'x'.repeat(1025) }, 'password'],
    [{ email: 'a@example.com', password: 12345678 }, 'password'],
    [{ password: 'correct horse battery' }, 'email'],
    [{ email: 'a@example.com', password: 'correct horse battery', role: 'admin' }, 'role'],
  ])('answers 400 VALIDATION_FAILED for %p', async (body, field) => {
    const response = await t.http.post('/auth/register').send(body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM users');
    expect(Number(count)).toBe(0);
  });

  it('accepts spaces and unicode in a password without truncating it', async () => {
    const password = 'Ünïcödé pass phrase with spaces ✓';
    await t.http.post('/auth/register').send({ email: 'u@example.com', password }).expect(201);
    await t.http.post('/auth/login').send({ email: 'u@example.com', password }).expect(200);
    await t.http
      .post('/auth/login')
      .send({ email: 'u@example.com', password: password.slice(0, -1) })
      .expect(401);
  });
});
