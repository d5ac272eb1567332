import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, registerUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('OAuth 2.0 endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const form = (path: string, fields: Record<string, string>) => t.http.post(path).type('form').send(fields);
  const expectOAuthError = (response: { status: number; body: unknown; headers: Record<string, string> }, error: string, status = 400) => {
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error, error_description: expect.any(String) });
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  };

  describe('POST /oauth/token', () => {
    it('grants a password grant, form-encoded, with an RFC 6749 §5.1 response that is not cached', async () => {
      const user = await registerUser(t.http);
      const response = await form('/oauth/token', {
        grant_type: 'password',
        username: user.email,
        password: user.password,
        client_id: 'web',
        device_name: 'CLI',
      }).expect(200);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
        session_id: expect.any(String),
      });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      const [session] = (await t.http.get('/sessions').set(bearer(response.body)).expect(200)).body;
      expect(session.deviceName).toBe('CLI');
    });

    it('accepts JSON, HTTP Basic with an empty secret, or no client authentication at all', async () => {
      const user = await registerUser(t.http);
      await t.http.post('/oauth/token').send({ grant_type: 'password', username: user.email, password: user.password }).expect(200);
      await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).auth('web', '').expect(200);
      const secret = await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).auth(
        'web',
        'a-secret',
      );
      expect(secret.status).toBe(401);
      expect(secret.body.error).toBe('invalid_client');
    });

    it('rotates with the refresh_token grant, through the same rules as /auth/refresh', async () => {
      const user = await registerUser(t.http);
      const first = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      const second = (await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }).expect(200)).body;
      // The same session, moved on one generation: the grant rotated it rather than opening another.
      expect(second.session_id).toBe(first.session_id);
      expect(await t.dataSource.query('SELECT token_generation FROM sessions')).toEqual([{ token_generation: 1 }]);
      await t.http.post('/auth/refresh').send({ refresh_token: second.refresh_token }).expect(200);
      t.clock.advanceSeconds(11);
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }), 'invalid_grant');
      // Reuse revoked the session: the newest token is refused as invalid_grant too.
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: second.refresh_token }), 'invalid_grant');
    });

    it('answers invalid_grant for an expired session', async () => {
      const user = await registerUser(t.http);
      const tokens = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      t.clock.advanceSeconds(8 * 86400);
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 'invalid_grant');
    });

    it('answers invalid_grant for bad credentials, unknown or garbage refresh tokens alike', async () => {
      const user = await registerUser(t.http);
      expectOAuthError(
        await form('/oauth/token', { grant_type: 'password', username: user.email, password: 'wrong password' }),
        'invalid_grant',
      );
      expectOAuthError(
        await form('/oauth/token', { grant_type: 'password', username: 'nobody@example.com', password: 'wrong password' }),
        'invalid_grant',
      );
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'garbage' }), 'invalid_grant');
    });

    it('answers invalid_request and unsupported_grant_type exactly', async () => {
      expectOAuthError(await form('/oauth/token', {}), 'invalid_request');
      expectOAuthError(await form('/oauth/token', { grant_type: 'password', username: 'a@example.com' }), 'invalid_request');
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token' }), 'invalid_request');
      expectOAuthError(await form('/oauth/token', { grant_type: 'client_credentials' }), 'unsupported_grant_type');
      expectOAuthError(await form('/oauth/token', { grant_type: 'authorization_code', code: 'x' }), 'unsupported_grant_type');
      expectOAuthError(
        await t.http.post('/oauth/token').type('form').send('grant_type=password&grant_type=refresh_token'),
        'invalid_request',
      );
      expectOAuthError(
        await t.http.post('/oauth/token').set('Content-Type', 'application/json').send('{"grant_type": '),
        'invalid_request',
      );
    });
  });

  describe('POST /oauth/revoke', () => {
    it('ends the session of a revoked refresh token; its access token fails at once', async () => {
      const user = await registerUser(t.http);
      const tokens = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      const response = await form('/oauth/revoke', { token: tokens.refresh_token, token_type_hint: 'refresh_token' }).expect(200);
      expect(response.body).toEqual({});
      expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 'invalid_grant');
    });

    it('ends the session of a revoked access token, whatever the hint', async () => {
      const user = await registerUser(t.http);
      const tokens = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      await form('/oauth/revoke', { token: tokens.access_token, token_type_hint: 'refresh_token' }).expect(200);
      await t.http.get('/users/me').set(bearer(tokens)).expect(401);
      expectOAuthError(await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 'invalid_grant');
    });

    it('ignores an access token that no longer authenticates: expired, or of an older jwt_version', async () => {
      const user = await registerUser(t.http);
      const tokens = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      const changed = (
        await t.http
          .post('/auth/password')
          .set(bearer(tokens))
          .send({ currentPassword: user.password, newPassword: 'the changed pass phrase' })
          .expect(200)
      ).body;
      // The pre-change access token still carries this session's id, but it speaks for nobody now.
      await form('/oauth/revoke', { token: tokens.access_token }).expect(200);
      await t.http.get('/auth/me').set(bearer(changed)).expect(200);
      t.clock.advanceSeconds(t.config.jwt.accessTokenTtl + t.config.jwt.clockSkew);
      await form('/oauth/revoke', { token: changed.access_token }).expect(200);
      await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: changed.refresh_token }).expect(200);
    });

    it('records the revocation as a logout in the user’s activity', async () => {
      const user = await registerUser(t.http);
      const tokens = (await form('/oauth/token', { grant_type: 'password', username: user.email, password: user.password }).expect(200))
        .body;
      await form('/oauth/revoke', { token: tokens.refresh_token }).expect(200);
      const events = await t.dataSource.query('SELECT type FROM auth_events ORDER BY id');
      expect(events.map((event: { type: string }) => event.type)).toEqual(['login', 'logout']);
    });

    it('answers a malformed Basic secret with invalid_client, never 500', async () => {
      const response = await form('/oauth/revoke', { token: 'x' }).set(
        'Authorization',
        `Basic ${Buffer.from('web:%E0%A4%A').toString('base64')}`,
      );
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    });

    it('answers 200 for unknown tokens and invalid_request without a token', async () => {
      await form('/oauth/revoke', { token: 'never-issued' }).expect(200);
      await t.http
        .post('/oauth/revoke')
        .send({ token: 'rt1.00000000-0000-4000-8000-000000000000.0.' + 'A'.repeat(43) })
        .expect(200);
      expectOAuthError(await form('/oauth/revoke', {}), 'invalid_request');
    });
  });

  it('publishes RFC 8414 metadata', async () => {
    const response = await t.http.get('/.well-known/oauth-authorization-server').expect(200);
    const issuer = response.body.issuer;
    expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.body).toEqual({
      issuer,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      grant_types_supported: ['password', 'refresh_token'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });
});
