import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, registerUser, login } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('GET /users/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('answers the caller’s profile, never the hash or token version', async () => {
    const registered = await t.http
      .post('/auth/register')
      .send({ email: 'me@example.com', password: 'my pass phrase', displayName: 'Me' })
      .expect(201);
    const tokens = await login(t.http, { id: registered.body.id, email: 'me@example.com', password: 'my pass phrase' });
    const response = await t.http.get('/users/me').set(bearer(tokens)).expect(200);
    expect(response.body).toEqual(registered.body);
  });

  it('answers each caller with their own profile', async () => {
    const alice = await registerUser(t.http);
    const bob = await registerUser(t.http);
    const response = await t.http
      .get('/users/me')
      .set(bearer(await login(t.http, bob)))
      .expect(200);
    expect(response.body).toMatchObject({ id: bob.id, email: bob.email });
    expect(
      (
        await t.http
          .get('/users/me')
          .set(bearer(await login(t.http, alice)))
          .expect(200)
      ).body,
    ).toMatchObject({ id: alice.id, email: alice.email });
  });
});
