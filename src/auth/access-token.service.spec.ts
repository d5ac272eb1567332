import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { AppConfig } from '../config/app-config.js';
import { AccessTokenService } from './access-token.service.js';
import { SigningKeys } from './keys/signing-keys.js';

const jwtConfig = {
  secret: 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
  previousSecrets: [],
  algorithm: 'HS256',
  previousPublicKeys: [],
  issuer: 'autorenew',
  audience: 'autorenew',
  accessTokenTtl: 900,
  clockSkew: 30,
} as AppConfig['jwt'];

function sutAt(clock: FakeClock): AccessTokenService {
  return new AccessTokenService({ jwt: jwtConfig } as AppConfig, new SigningKeys(jwtConfig), clock);
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('AccessTokenService', () => {
  describe('verify', () => {
    it('answers the claims of a token it signed, again and again', () => {
      const clock = new FakeClock();
      const sut = sutAt(clock);
      const { token } = sut.sign({ userId: 'u1', sessionId: 's1', jwtVersion: 3 });
      for (let i = 0; i < 3; i += 1) expect(sut.verify(token)).toMatchObject({ sub: 'u1', sid: 's1', ver: 3 });
    });

    it('applies expiry on every use, also to a token whose signature it has already checked', () => {
      const clock = new FakeClock();
      const sut = sutAt(clock);
      const { token } = sut.sign({ userId: 'u1', sessionId: 's1', jwtVersion: 0 });
      sut.verify(token);
      clock.advanceSeconds(900 + 30);
      expect(codeOf(() => sut.verify(token))).toBe('TOKEN_EXPIRED');
    });

    it('refuses a token altered after a valid one was checked', () => {
      const sut = sutAt(new FakeClock());
      const { token } = sut.sign({ userId: 'u1', sessionId: 's1', jwtVersion: 0 });
      sut.verify(token);
      const [header, payload, signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ver: 9 })).toString(
        'base64url',
      );
      expect(codeOf(() => sut.verify(`${header}.${forged}.${signature}`))).toBe('TOKEN_INVALID');
      expect(codeOf(() => sut.verify(`${header}.${payload}.${signature.slice(0, -2)}AA`))).toBe('TOKEN_INVALID');
    });

    it('refuses a token of another issuer’s key', () => {
      const other = new AccessTokenService(
        { jwt: { ...jwtConfig, secret: 'another-secret-0123456789-abcdefghijklmnopqrstuv' } } as AppConfig,
        new SigningKeys({ ...jwtConfig, secret: 'another-secret-0123456789-abcdefghijklmnopqrstuv' }),
        new FakeClock(),
      );
      const { token } = other.sign({ userId: 'u1', sessionId: 's1', jwtVersion: 0 });
      expect(codeOf(() => sutAt(new FakeClock()).verify(token))).toBe('TOKEN_INVALID');
    });
  });
});
