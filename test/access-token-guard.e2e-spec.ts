import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SignedInUser, bearer, signedInUser } from './factories/user.factory.js';
import { decodeToken, tamperClaims, tamperHeader, unsignedToken } from './support/jwt.js';
import { TestApp, createTestApp } from './support/test-app.js';

const challenge = (description: string) => `Bearer realm="autorenew", error="invalid_token", error_description="${description}"`;

describe('the global access-token guard', () => {
  let t: TestApp;
  let user: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL: '15m' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    user = await signedInUser(t.http);
  });

  const expectRejected = async (authorization: string | undefined, code: string) => {
    const request = t.http.get('/users/me');
    if (authorization !== undefined) request.set('Authorization', authorization);
    const response = await request.expect(401);
    expect(response.body).toEqual({ statusCode: 401, code, message: expect.any(String) });
    return response;
  };

  it('accepts a fresh token', async () => {
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
  });

  it('answers TOKEN_MISSING with a bare Bearer challenge when no credentials are sent', async () => {
    for (const authorization of [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const response = await expectRejected(authorization, 'TOKEN_MISSING');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="autorenew"');
    }
  });

  it('answers TOKEN_EXPIRED once the token outlives its TTL, so the client knows to refresh', async () => {
    // 900 s of lifetime plus the 30 s of tolerated clock skew between instances.
    t.clock.advanceSeconds(929);
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
    t.clock.advanceSeconds(1);
    const response = await expectRejected(`Bearer ${user.tokens.access_token}`, 'TOKEN_EXPIRED');
    expect(response.headers['www-authenticate']).toBe(challenge('The access token has expired.'));
  });

  it('answers TOKEN_INVALID for a bad signature, a malformed token or a wrong algorithm', async () => {
    const { payload } = decodeToken(user.tokens.access_token);
    const [head, body, signature] = user.tokens.access_token.split('.');
    const flipped = `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const candidates = [
      flipped,
      'not.a.jwt',
      'garbage',
      unsignedToken(payload),
      unsignedToken(payload, 'None'),
      unsignedToken(payload, 'NONE'),
      tamperHeader(user.tokens.access_token, {}, 'HS512'),
      tamperHeader(user.tokens.access_token, {}, 'HS384'),
    ];
    for (const token of candidates) {
      const response = await expectRejected(`Bearer ${token}`, 'TOKEN_INVALID');
      expect(response.headers['www-authenticate']).toBe(challenge('The access token is invalid.'));
    }
  });

  it('answers TOKEN_INVALID for a wrong issuer, audience or token type', async () => {
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { iss: 'someone-else' })}`, 'TOKEN_INVALID');
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { aud: 'another-api' })}`, 'TOKEN_INVALID');
    await expectRejected(`Bearer ${tamperHeader(user.tokens.access_token, { typ: 'JWT' })}`, 'TOKEN_INVALID');
    await expectRejected(`Bearer ${tamperHeader(user.tokens.access_token, { typ: undefined })}`, 'TOKEN_INVALID');
    // The same header and claims re-signed verbatim pass, so the rejections above are about the changes.
    await t.http
      .get('/users/me')
      .set('Authorization', `Bearer ${tamperHeader(user.tokens.access_token, {})}`)
      .expect(200);
  });

  it.each([
    ['a string', '0'],
    ['an array', [0]],
    ['null', null],
    ['missing', undefined],
    ['a fraction', 0.5],
  ])('refuses a ver that is %s, even when its value looks like the current version', async (_, ver) => {
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { ver })}`, 'TOKEN_INVALID');
  });

  it('refuses a far-future exp beyond the configured TTL, and a missing or non-integer exp', async () => {
    const { payload } = decodeToken(user.tokens.access_token);
    const iat = payload.iat as number;
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { exp: iat + 365 * 86400 })}`, 'TOKEN_INVALID');
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { exp: undefined })}`, 'TOKEN_INVALID');
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { exp: `${iat + 60}` })}`, 'TOKEN_INVALID');
  });

  it('answers TOKEN_REVOKED when ver no longer matches the user’s jwt_version', async () => {
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { ver: 1 })}`, 'TOKEN_REVOKED');
    // Written behind the service's back (no announcement): seen once the auth-state cache TTL has passed.
    await t.dataSource.query('UPDATE users SET jwt_version = jwt_version + 1');
    t.clock.advance(t.config.authCache.ttl * 1000 + 1);
    const response = await expectRejected(`Bearer ${user.tokens.access_token}`, 'TOKEN_REVOKED');
    expect(response.headers['www-authenticate']).toBe(challenge('The access token has been revoked.'));
  });

  it('answers TOKEN_REVOKED for an unknown session or one belonging to someone else', async () => {
    const other = await signedInUser(t.http);
    await expectRejected(
      `Bearer ${tamperClaims(user.tokens.access_token, { sid: '00000000-0000-4000-8000-000000000000' })}`,
      'TOKEN_REVOKED',
    );
    await expectRejected(`Bearer ${tamperClaims(user.tokens.access_token, { sid: other.tokens.session_id })}`, 'TOKEN_REVOKED');
  });
});
