import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';
import { accessTokenJwtOptions } from './access-token-jwt-options.js';
import { SigningKeys } from './signing-keys.js';

const SECRET = 'current-secret-0123456789-abcdefghijklmnop';
const CLAIMS = { sub: 'u1', sid: 's1', ver: 0, iat: 1, exp: 2 };

function jwtConfig(overrides: Partial<AppConfig['jwt']> = {}): AppConfig['jwt'] {
  return {
    secret: SECRET,
    previousSecrets: [],
    algorithm: 'HS256',
    previousPublicKeys: [],
    issuer: 'i',
    audience: 'a',
    accessTokenTtl: 900,
    clockSkew: 30,
    ...overrides,
  };
}

function serviceFor(config: AppConfig['jwt']): { sut: JwtService; keys: SigningKeys } {
  const keys = new SigningKeys(config);
  return { sut: new JwtService(accessTokenJwtOptions(keys, config)), keys };
}

const ecPem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function hs256(header: object, key: string): string {
  const input = `${encode(header)}.${encode({ ...CLAIMS, iss: 'i', aud: 'a' })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

function failure(work: () => unknown): unknown {
  try {
    work();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('accessTokenJwtOptions', () => {
  describe('sign', () => {
    it('signs with the current key, naming it by kid, as an at+jwt of our issuer and audience', () => {
      const { sut, keys } = serviceFor(jwtConfig());
      const decoded = sut.verify<{ header: Record<string, unknown>; payload: Record<string, unknown> }>(
        sut.sign({ ...CLAIMS, iss: 'i', aud: 'a' }),
      );
      expect(decoded.header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: keys.signing.kid });
      expect(decoded.payload).toMatchObject({ sub: 'u1', iss: 'i', aud: 'a' });
    });
  });

  describe('verify', () => {
    it('accepts a token of a retired ES256 key still listed, with the key its kid names', () => {
      const old = ecPem();
      const current = ecPem();
      const before = serviceFor(jwtConfig({ algorithm: 'ES256', privateKey: old.privateKey }));
      const token = before.sut.sign({ ...CLAIMS, iss: 'i', aud: 'a' });
      const { sut } = serviceFor(jwtConfig({ algorithm: 'ES256', privateKey: current.privateKey, previousPublicKeys: [old.publicKey] }));
      expect(sut.verify<{ payload: { sub: string } }>(token).payload.sub).toBe('u1');
      const forgotten = serviceFor(jwtConfig({ algorithm: 'ES256', privateKey: current.privateKey })).sut;
      expect(failure(() => forgotten.verify(token))).toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('refuses a token signed with the right secret under an unknown kid or without one', () => {
      const { sut } = serviceFor(jwtConfig());
      expect(failure(() => sut.verify(hs256({ alg: 'HS256', typ: 'at+jwt', kid: 'hs-unknown' }, SECRET)))).toMatchObject({
        code: 'TOKEN_INVALID',
      });
      expect(failure(() => sut.verify(hs256({ alg: 'HS256', typ: 'at+jwt' }, SECRET)))).toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('refuses an HS256 token keyed with the published ES256 public key (algorithm confusion)', () => {
      const pair = ecPem();
      const { sut, keys } = serviceFor(jwtConfig({ algorithm: 'ES256', privateKey: pair.privateKey }));
      const forged = hs256({ alg: 'HS256', typ: 'at+jwt', kid: keys.signing.kid }, pair.publicKey);
      expect(failure(() => sut.verify(forged))).toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('refuses an unsigned token naming a real kid', () => {
      const { sut, keys } = serviceFor(jwtConfig());
      const unsigned = `${encode({ alg: 'none', typ: 'at+jwt', kid: keys.signing.kid })}.${encode({ ...CLAIMS, iss: 'i', aud: 'a' })}.`;
      expect(failure(() => sut.verify(unsigned))).toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it.each(['', 'not-a-jwt', '.x.y', 'e30.e30.', `${Buffer.from('[1]').toString('base64url')}.e30.x`])(
      'refuses %j without throwing anything but TOKEN_INVALID',
      (token) => {
        const { sut } = serviceFor(jwtConfig());
        expect(failure(() => sut.verify(token))).toMatchObject({ code: 'TOKEN_INVALID' });
      },
    );

    it('refuses another issuer or audience', () => {
      const { sut, keys } = serviceFor(jwtConfig());
      const other = new JwtService(accessTokenJwtOptions(keys, jwtConfig({ issuer: 'elsewhere' })));
      expect(failure(() => sut.verify(other.sign({ ...CLAIMS, iss: 'elsewhere', aud: 'a' })))).toMatchObject({ name: 'JsonWebTokenError' });
      expect(failure(() => sut.verify(other.sign({ ...CLAIMS, iss: 'i', aud: 'b' })))).toMatchObject({ name: 'JsonWebTokenError' });
    });
  });
});
