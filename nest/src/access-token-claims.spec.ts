import { describe, expect, it } from '@jest/globals';
import { checkAccessTokenClaims } from './access-token-claims.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';

const NOW = 1_800_000_000;
const claims = { sub: 'user-1', sid: 'session-1', ver: 0, iat: NOW - 10, exp: NOW + 890, iss: 'autorenew', aud: 'autorenew-api' };
const decoded = (payload: Record<string, unknown> | string = claims, typ: unknown = 'at+jwt') => ({ header: { typ }, payload });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('checkAccessTokenClaims', () => {
  it('answers the claims of a well-formed, current access token', () => {
    expect(checkAccessTokenClaims(decoded(), NOW)).toEqual(claims);
  });

  it('refuses a JWT of another type (an ID token, a plain JWT)', () => {
    expect(codeOf(() => checkAccessTokenClaims(decoded(claims, 'JWT'), NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    expect(codeOf(() => checkAccessTokenClaims({ header: {}, payload: claims }, NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    expect(codeOf(() => checkAccessTokenClaims(decoded('a string payload'), NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
  });

  it.each([
    ['sub missing', { sub: undefined }],
    ['sid missing', { sid: undefined }],
    ['ver missing', { ver: undefined }],
    ['ver as a string', { ver: '0' }],
    ['ver as an array', { ver: [0] }],
    ['ver null', { ver: null }],
    ['negative ver', { ver: -1 }],
    ['exp missing', { exp: undefined }],
    ['fractional iat', { iat: NOW - 0.5 }],
  ])('refuses a token with %s', (_, change) => {
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, ...change }), NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
  });

  it('tolerates 30 s of clock difference, and no more', () => {
    expect(checkAccessTokenClaims(decoded({ ...claims, iat: NOW + 30 }), NOW).sub).toBe('user-1');
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, iat: NOW + 31 }), NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, nbf: NOW + 31 }), NOW))).toBe(AutorenewErrorCode.TOKEN_INVALID);
  });

  it("refuses a token that would outlive the service's access-token TTL (900 s by default), however validly signed", () => {
    expect(checkAccessTokenClaims(decoded({ ...claims, iat: NOW, exp: NOW + 900 }), NOW).sub).toBe('user-1');
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, iat: NOW, exp: NOW + 901 }), NOW))).toBe(
      AutorenewErrorCode.TOKEN_INVALID,
    );
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, iat: NOW, exp: NOW + 10 * 365 * 86400 }), NOW))).toBe(
      AutorenewErrorCode.TOKEN_INVALID,
    );
  });

  it('takes the TTL cap and the skew from the limits it is given', () => {
    const limits = { maxTtlSeconds: 3600, skewSeconds: 5 };
    expect(checkAccessTokenClaims(decoded({ ...claims, iat: NOW, exp: NOW + 3600 }), NOW, limits).sub).toBe('user-1');
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, iat: NOW, exp: NOW + 3601 }), NOW, limits))).toBe(
      AutorenewErrorCode.TOKEN_INVALID,
    );
    expect(checkAccessTokenClaims(decoded({ ...claims, iat: NOW + 5 }), NOW, limits).sub).toBe('user-1');
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, iat: NOW + 6 }), NOW, limits))).toBe(AutorenewErrorCode.TOKEN_INVALID);
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, exp: NOW - 5 }), NOW, limits))).toBe(AutorenewErrorCode.TOKEN_EXPIRED);
    expect(checkAccessTokenClaims(decoded({ ...claims, exp: NOW - 4 }), NOW, limits).sub).toBe('user-1');
  });

  it('answers TOKEN_EXPIRED once exp and the skew have passed', () => {
    expect(checkAccessTokenClaims(decoded({ ...claims, exp: NOW - 29 }), NOW).sub).toBe('user-1');
    expect(codeOf(() => checkAccessTokenClaims(decoded({ ...claims, exp: NOW - 30 }), NOW))).toBe(AutorenewErrorCode.TOKEN_EXPIRED);
  });
});
