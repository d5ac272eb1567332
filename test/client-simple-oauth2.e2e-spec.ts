import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import simpleOauth2 from 'simple-oauth2';
import { registerUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** simple-oauth2, unmodified, authenticating as a public client with HTTP Basic and an empty secret. */
describe('with simple-oauth2', () => {
  let t: TestApp;
  let oauth: simpleOauth2.ResourceOwnerPassword;
  beforeAll(async () => {
    t = await createTestApp();
    const base = await listen(t);
    oauth = new simpleOauth2.ResourceOwnerPassword({
      client: { id: 'web-app', secret: '' },
      auth: { tokenHost: base, tokenPath: '/oauth/token', revokePath: '/oauth/revoke' },
      options: { authorizationMethod: 'header' },
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const me = (accessToken: unknown) => t.http.get('/users/me').set('Authorization', `Bearer ${String(accessToken)}`);

  it('gets a token with ResourceOwnerPassword.getToken and renews it with refresh()', async () => {
    const user = await registerUser(t.http);
    const token = await oauth.getToken({ username: user.email, password: user.password, scope: [] });
    expect(token.token).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_token: expect.any(String) });
    expect(token.expired()).toBe(false);
    await me(token.token.access_token).expect(200);
    const renewed = await token.refresh();
    // Rotated, not re-issued: the one session moved on a generation.
    expect(await t.dataSource.query('SELECT token_generation FROM sessions')).toEqual([{ token_generation: 1 }]);
    await me(renewed.token.access_token).expect(200);
  });

  it('surfaces a wrong password as the library’s 400 invalid_grant error', async () => {
    const user = await registerUser(t.http);
    const error = (await oauth.getToken({ username: user.email, password: 'wrong password' }).catch((caught: unknown) => caught)) as {
      output: { statusCode: number };
      data: { payload: { error: string } };
    };
    expect(error.output.statusCode).toBe(400);
    expect(error.data.payload.error).toBe('invalid_grant');
  });

  it('ends the session with revokeAll()', async () => {
    const user = await registerUser(t.http);
    const token = await oauth.getToken({ username: user.email, password: user.password });
    await token.revokeAll();
    await me(token.token.access_token).expect(401);
    await expect(token.refresh()).rejects.toMatchObject({ output: { statusCode: 400 } });
  });
});
