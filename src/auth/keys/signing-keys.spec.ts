import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';
import { SigningKeys } from './signing-keys.js';

const SECRET = 'current-secret-0123456789-abcdefghijklmnop';
const OLD_SECRET = 'previous-secret-0123456789-abcdefghijklmn';

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

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

describe('SigningKeys', () => {
  describe('resolve', () => {
    it('finds the current and previous keys by kid and algorithm', () => {
      const old = new SigningKeys(jwtConfig({ secret: OLD_SECRET }));
      const sut = new SigningKeys(jwtConfig({ previousSecrets: [OLD_SECRET] }));
      expect(sut.resolve({ alg: 'HS256', kid: sut.signing.kid })?.kid).toBe(sut.signing.kid);
      expect(sut.resolve({ alg: 'HS256', kid: old.signing.kid })?.kid).toBe(old.signing.kid);
      expect(sut.signing.kid).not.toBe(old.signing.kid);
    });

    it('refuses an unknown kid, a missing kid, or an algorithm the key is not for', () => {
      const sut = new SigningKeys(jwtConfig());
      expect(sut.resolve({ alg: 'HS256', kid: '../../etc/passwd' })).toBeUndefined();
      expect(sut.resolve({ alg: 'HS256' })).toBeUndefined();
      expect(sut.resolve({ alg: 'HS512', kid: sut.signing.kid })).toBeUndefined();
      expect(sut.resolve({ alg: 'none', kid: sut.signing.kid })).toBeUndefined();
    });

    it.each(['jwk', 'jku', 'x5u', 'x5c', 'crit'])('refuses a header carrying %s', (name) => {
      const sut = new SigningKeys(jwtConfig());
      expect(sut.resolve({ alg: 'HS256', kid: sut.signing.kid, [name]: 'https://attacker.example/key' })).toBeUndefined();
    });
  });

  describe('jwks', () => {
    it('publishes nothing for symmetric keys', () => {
      expect(new SigningKeys(jwtConfig({ previousSecrets: [OLD_SECRET] })).jwks()).toEqual({ keys: [] });
    });

    it('publishes the current and previous ES256 public keys with RFC 7638 kids, never private parts', () => {
      const current = pem();
      const previous = pem();
      const sut = new SigningKeys(
        jwtConfig({ algorithm: 'ES256', privateKey: current.privateKey, previousPublicKeys: [previous.publicKey] }),
      );
      const { keys } = sut.jwks();
      expect(keys).toHaveLength(2);
      expect(keys[0]).toEqual({
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: sut.signing.kid,
        alg: 'ES256',
        use: 'sig',
      });
      expect(keys.some((key) => 'd' in key)).toBe(false);
      expect(sut.algorithms).toEqual(['ES256']);
    });
  });
});
