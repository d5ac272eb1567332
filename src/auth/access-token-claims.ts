import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

/** RFC 9068 media type of our access tokens: no other JWT (ours or another system's) passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  ver: number;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

interface DecodedToken {
  header: { typ?: unknown };
  payload: Record<string, unknown> | string;
}

/**
 * Checks what signature verification does not: the token type, the exact claim types (a `ver` of
 * `"0"`, `[0]` or `null` must not equal 0), and expiry against our injectable clock.
 */
export function checkAccessTokenClaims(
  decoded: DecodedToken,
  nowSeconds: number,
  limits: { maxTtlSeconds: number; skewSeconds: number },
): AccessTokenClaims {
  const invalid = () => new DomainError(ErrorCode.TOKEN_INVALID);
  if (decoded.header.typ !== ACCESS_TOKEN_TYPE || typeof decoded.payload !== 'object') throw invalid();
  const { sub, sid, ver, iat, exp, nbf } = decoded.payload;
  if (typeof sub !== 'string' || typeof sid !== 'string' || !isInteger(ver) || !isInteger(iat) || !isInteger(exp)) {
    throw invalid();
  }
  // A token cannot outlive the configured TTL, even with a validly signed far-future exp.
  if (exp - iat > limits.maxTtlSeconds) throw invalid();
  // Issued or valid only in the future (beyond the tolerated skew between instances): refuse.
  if (iat > nowSeconds + limits.skewSeconds) throw invalid();
  if (nbf !== undefined && (!isInteger(nbf) || nbf > nowSeconds + limits.skewSeconds)) throw invalid();
  if (exp + limits.skewSeconds <= nowSeconds) throw new DomainError(ErrorCode.TOKEN_EXPIRED);
  return decoded.payload as unknown as AccessTokenClaims;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
