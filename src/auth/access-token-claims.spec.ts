import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain.error.js';
import { checkAccessTokenClaims } from './access-token-claims.js';

const NOW = 1_800_000_000;
const limits = { maxTtlSeconds: 900, skewSeconds: 30 };
const validPayload = { sub: 'user-1', sid: 'session-1', ver: 3, iat: NOW - 60, exp: NOW + 840, iss: 'autorenew', aud: 'autorenew' };

function codeOf(header: Record<string, unknown>, payload: Record<string, unknown> | string): string | undefined {
  try {
    checkAccessTokenClaims({ header, payload }, NOW, limits);
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('checkAccessTokenClaims', () => {
  it('returns the claims of a well-formed, unexpired access token', () => {
    expect(checkAccessTokenClaims({ header: { typ: 'at+jwt' }, payload: validPayload }, NOW, limits)).toEqual(validPayload);
  });

  it('accepts only the at+jwt type', () => {
    for (const typ of ['JWT', 'jwt', undefined, 'refresh+jwt']) expect(codeOf({ typ }, validPayload)).toBe('TOKEN_INVALID');
  });

  it.each([['0'], [[0]], [null], [undefined], [1.5], [-1], [true]])('refuses ver %p', (ver) => {
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, ver })).toBe('TOKEN_INVALID');
  });

  it('refuses a payload that is not an object, or lacks sub or sid', () => {
    expect(codeOf({ typ: 'at+jwt' }, 'text')).toBe('TOKEN_INVALID');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, sub: 1 })).toBe('TOKEN_INVALID');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, sid: undefined })).toBe('TOKEN_INVALID');
  });

  it('refuses a missing, fractional or string exp', () => {
    for (const exp of [undefined, NOW + 0.5, String(NOW + 60)])
      expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, exp })).toBe('TOKEN_INVALID');
  });

  it('refuses a lifetime longer than the configured TTL, however validly signed', () => {
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, exp: validPayload.iat + 901 })).toBe('TOKEN_INVALID');
  });

  it('refuses an iat in the future beyond the clock skew, and tolerates one within it', () => {
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, iat: NOW + 31, exp: NOW + 100 })).toBe('TOKEN_INVALID');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, iat: NOW + 30, exp: NOW + 100 })).toBeUndefined();
  });

  it('reports expiry separately, once exp plus the skew has passed', () => {
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, iat: NOW - 930, exp: NOW - 30 })).toBe('TOKEN_EXPIRED');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, iat: NOW - 929, exp: NOW - 29 })).toBeUndefined();
  });

  it('refuses an nbf in the future beyond the skew, or one that is not an integer', () => {
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, nbf: NOW + 31 })).toBe('TOKEN_INVALID');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, nbf: String(NOW) })).toBe('TOKEN_INVALID');
    expect(codeOf({ typ: 'at+jwt' }, { ...validPayload, nbf: NOW + 30 })).toBeUndefined();
  });
});
