import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';

/** RFC 9068 media type of the service's access tokens: no other JWT passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Seconds of clock difference tolerated between the service and this app: the service's JWT_CLOCK_SKEW default. */
export const CLOCK_SKEW_SECONDS = 30;
/** The longest an access token may live (`exp - iat`): the service's ACCESS_TOKEN_TTL default. */
export const ACCESS_TOKEN_TTL_SECONDS = 900;

/** The service's ACCESS_TOKEN_TTL and JWT_CLOCK_SKEW, as this app was told them. */
export interface ClaimLimits {
  maxTtlSeconds: number;
  skewSeconds: number;
}

export const DEFAULT_CLAIM_LIMITS: ClaimLimits = Object.freeze({
  maxTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
  skewSeconds: CLOCK_SKEW_SECONDS,
});

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  ver: number;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface DecodedToken {
  header: { typ?: unknown };
  payload: Record<string, unknown> | string;
}

/**
 * What signature verification leaves to us, the service's rules (its `src/auth/access-token-claims.ts`):
 * the token type, the exact claim types (a `ver` of `"0"`, `[0]` or `null` is not 0), the lifetime cap,
 * and time against the injectable clock.
 */
export function checkAccessTokenClaims(
  decoded: DecodedToken,
  nowSeconds: number,
  { maxTtlSeconds, skewSeconds }: ClaimLimits = DEFAULT_CLAIM_LIMITS,
): AccessTokenClaims {
  const invalid = () => new AutorenewAuthError(AutorenewErrorCode.TOKEN_INVALID);
  if (decoded.header.typ !== ACCESS_TOKEN_TYPE || typeof decoded.payload !== 'object') throw invalid();
  const { sub, sid, ver, iat, exp, nbf } = decoded.payload;
  if (typeof sub !== 'string' || typeof sid !== 'string' || !isInteger(ver) || !isInteger(iat) || !isInteger(exp)) throw invalid();
  // A token cannot outlive the service's TTL, even with a validly signed far-future exp (a leaked key's forgery).
  if (exp - iat > maxTtlSeconds) throw invalid();
  // Issued or valid only in the future (beyond the tolerated skew): refuse.
  if (iat > nowSeconds + skewSeconds) throw invalid();
  if (nbf !== undefined && (!isInteger(nbf) || nbf > nowSeconds + skewSeconds)) throw invalid();
  if (exp + skewSeconds <= nowSeconds) throw new AutorenewAuthError(AutorenewErrorCode.TOKEN_EXPIRED);
  return decoded.payload as unknown as AccessTokenClaims;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
