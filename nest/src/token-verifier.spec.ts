import { beforeEach, describe, expect, it } from '@jest/globals';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import { FakeAutorenewClock } from './fake-autorenew-clock.js';
import { JWKS_MAX_AGE_MS, JwksKeySource } from './jwks-key-source.js';
import { SecretKeySource } from './secret-key-source.js';
import { TokenVerifier } from './token-verifier.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const expected = { issuer: 'autorenew', audience: 'autorenew-api' };
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TokenVerifier', () => {
  let clock: FakeAutorenewClock;
  let now: number;
  let claims: Record<string, unknown>;

  beforeEach(() => {
    clock = new FakeAutorenewClock();
    now = Math.floor(clock.nowMs() / 1000);
    claims = { sub: 'user-1', sid: 'session-1', ver: 0, iat: now, exp: now + 900, iss: expected.issuer, aud: expected.audience };
  });

  const hs256 = (payload = claims, header: Record<string, unknown> = { typ: 'at+jwt', kid: 'hs-x' }, secret = SECRET) => {
    const input = `${encode({ ...header, alg: 'HS256' })}.${encode(payload)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );

  describe('verify with HS256 and the shared secret', () => {
    let sut: TokenVerifier;
    beforeEach(() => {
      sut = new TokenVerifier(new SecretKeySource(SECRET), expected, clock);
    });

    it("answers a service token's claims", async () => {
      expect(await sut.verify(hs256())).toMatchObject({ sub: 'user-1', sid: 'session-1', ver: 0 });
    });

    it('refuses a token signed with another secret, with another audience or issuer', async () => {
      expect(await codeOf(sut.verify(hs256(claims, undefined, `${SECRET}-other`)))).toBe(AutorenewErrorCode.TOKEN_INVALID);
      expect(await codeOf(sut.verify(hs256({ ...claims, aud: 'another-api' })))).toBe(AutorenewErrorCode.TOKEN_INVALID);
      expect(await codeOf(sut.verify(hs256({ ...claims, iss: 'someone-else' })))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    });

    it('refuses alg none, a header that names its own key, and a non-JWT', async () => {
      expect(await codeOf(sut.verify(`${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(claims)}.`))).toBe(
        AutorenewErrorCode.TOKEN_INVALID,
      );
      expect(await codeOf(sut.verify(hs256(claims, { typ: 'at+jwt', jku: 'https://evil.example/jwks' })))).toBe(
        AutorenewErrorCode.TOKEN_INVALID,
      );
      expect(await codeOf(sut.verify('not-a-jwt'))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    });

    it('refuses a token whose payload is not JSON with TOKEN_INVALID and its challenge, never an unhandled error', async () => {
      // jsonwebtoken's decode throws, rather than answering null, when the header says `typ: JWT`.
      for (const typ of ['JWT', 'at+jwt']) {
        const error = await sut.verify(`${encode({ alg: 'HS256', typ })}.${Buffer.from('not json').toString('base64url')}.c2ln`).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AutorenewAuthError);
        expect((error as AutorenewAuthError).code).toBe(AutorenewErrorCode.TOKEN_INVALID);
        expect((error as AutorenewAuthError).getStatus()).toBe(401);
        expect((error as AutorenewAuthError).headers['WWW-Authenticate']).toContain('error="invalid_token"');
      }
    });

    it("applies the configured accessTokenTtl and clockSkew (the service's), 900 s and 30 s by default", async () => {
      const hourLong = hs256({ ...claims, exp: now + 3600 });
      expect(await codeOf(sut.verify(hourLong))).toBe(AutorenewErrorCode.TOKEN_INVALID);
      const configured = new TokenVerifier(new SecretKeySource(SECRET), { ...expected, accessTokenTtl: 3600, clockSkew: 0 }, clock);
      expect((await configured.verify(hourLong)).sub).toBe('user-1');
      const token = hs256();
      clock.advance(900 * 1000);
      expect((await sut.verify(token)).sub).toBe('user-1');
      expect(await codeOf(configured.verify(token))).toBe(AutorenewErrorCode.TOKEN_EXPIRED);
    });

    it('checks expiry on every use, also for a token verified before', async () => {
      const token = hs256();
      await sut.verify(token);
      clock.advance((900 + 30) * 1000);
      expect(await codeOf(sut.verify(token))).toBe(AutorenewErrorCode.TOKEN_EXPIRED);
    });
  });

  describe('verify with ES256 and the JWKS', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'es-1', alg: 'ES256', use: 'sig' }] };
    let sut: TokenVerifier;
    let published: object;
    beforeEach(() => {
      published = jwks;
      sut = new TokenVerifier(new JwksKeySource('https://auth.example.com', clock, async () => Response.json(published)), expected, clock);
    });

    it("answers a token signed with the service's published key", async () => {
      const token = jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: 'es-1' } });
      expect((await sut.verify(token)).sid).toBe('session-1');
    });

    it('refuses an HS256 token, even one keyed with the public key (algorithm confusion)', async () => {
      const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
      expect(await codeOf(sut.verify(hs256(claims, { typ: 'at+jwt', kid: 'es-1' }, pem)))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    });

    it('refuses a token verified before once its key is withdrawn from the JWKS (refetched after five minutes)', async () => {
      const token = jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: 'es-1' } });
      expect((await sut.verify(token)).sid).toBe('session-1');
      published = { keys: [{ ...jwks.keys[0], kid: 'es-2' }] };
      clock.advance(JWKS_MAX_AGE_MS - 1);
      expect((await sut.verify(token)).sid).toBe('session-1');
      clock.advance(1);
      expect(await codeOf(sut.verify(token))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    });

    it('refuses a token signed with a key the service never published', async () => {
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const token = jwt.sign(claims, other, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: 'es-1' } });
      expect(await codeOf(sut.verify(token))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    });
  });
});
