import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'temporarily_unavailable' | 'server_error';

/** An RFC 6749 §5.2 error: `{error, error_description}`, status 400 unless the case says otherwise. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** Every refusal of a grant, whatever its cause (credentials, an expired, revoked or reused token). */
const INVALID_GRANT = new Set<ErrorCode>([
  ErrorCode.INVALID_CREDENTIALS,
  ErrorCode.INVALID_REFRESH_TOKEN,
  ErrorCode.SESSION_EXPIRED,
  ErrorCode.SESSION_REVOKED,
]);

/** The /oauth/* face of our domain errors. Unexpected errors are not ours to describe. */
export function toOAuthError(error: DomainError | undefined): OAuthError {
  if (!error) return new OAuthError('server_error', 'The server could not handle the request.', 500);
  if (INVALID_GRANT.has(error.code)) return new OAuthError('invalid_grant', error.message);
  if (error.status === 429 || error.status === 503)
    return new OAuthError('temporarily_unavailable', error.message, error.status, error.headers);
  if (error.status === 413 || error.status === 415) return new OAuthError('invalid_request', error.message, error.status);
  return new OAuthError('invalid_request', error.message);
}
