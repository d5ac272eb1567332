import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as client from 'openid-client';
import { registerUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** openid-client v6, unmodified: strict about status codes and bodies, a good conformance check. */
describe('with openid-client v6', () => {
  let t: TestApp;
  let config: client.Configuration;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
    const base = await listen(t);
    config = await client.discovery(new URL(base), 'web-app', undefined, client.None(), {
      execute: [client.allowInsecureRequests],
      algorithm: 'oauth2',
    });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const passwordGrant = async () => {
    const user = await registerUser(t.http);
    return client.genericGrantRequest(config, 'password', { username: user.email, password: user.password, device_name: 'openid-client' });
  };

  it('discovers the server from its RFC 8414 metadata', () => {
    expect(config.serverMetadata().token_endpoint).toMatch(/\/oauth\/token$/);
    expect(config.serverMetadata().revocation_endpoint).toMatch(/\/oauth\/revoke$/);
  });

  it('gets tokens with the password grant and refreshes them with refreshTokenGrant', async () => {
    const tokens = await passwordGrant();
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(900);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    // Rotated, not re-issued: the one session moved on a generation.
    expect(await t.dataSource.query('SELECT token_generation FROM sessions')).toEqual([{ token_generation: 1 }]);
    await t.http.get('/users/me').set('Authorization', `Bearer ${refreshed.access_token}`).expect(200);
  });

  it('sees reuse after the grace window fail with invalid_grant', async () => {
    const tokens = await passwordGrant();
    await client.refreshTokenGrant(config, tokens.refresh_token!);
    t.clock.advanceSeconds(11);
    const error = await client.refreshTokenGrant(config, tokens.refresh_token!).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(client.ResponseBodyError);
    expect((error as client.ResponseBodyError).error).toBe('invalid_grant');
    expect((error as client.ResponseBodyError).status).toBe(400);
  });

  it('revokes with tokenRevocation, ending the session', async () => {
    const tokens = await passwordGrant();
    await client.tokenRevocation(config, tokens.refresh_token!);
    await t.http.get('/users/me').set('Authorization', `Bearer ${tokens.access_token}`).expect(401);
    const error = await client.refreshTokenGrant(config, tokens.refresh_token!).catch((caught: unknown) => caught);
    expect((error as client.ResponseBodyError).error).toBe('invalid_grant');
    await client.tokenRevocation(config, 'an unknown token');
  });
});
