/**
 * The codes the guard answers with: the service's own codes for the same failures (its
 * `src/common/errors/error-code.enum.ts`), so a client handles a product route as it handles the service.
 */
export enum AutorenewErrorCode {
  TOKEN_MISSING = 'TOKEN_MISSING',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  FORBIDDEN = 'FORBIDDEN',
  /** The service could not say whether the token is live: the request is refused, never let through. */
  AUTH_SERVICE_UNAVAILABLE = 'AUTH_SERVICE_UNAVAILABLE',
}
