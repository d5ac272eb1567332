import { ErrorCode } from './error-code.enum.js';

interface ErrorDefinition {
  status: number;
  message: string;
}

/** The single mapping from error code to HTTP status and default message. */
export const ERROR_CATALOG: Record<ErrorCode, ErrorDefinition> = {
  [ErrorCode.VALIDATION_FAILED]: { status: 400, message: 'The request is invalid.' },
  [ErrorCode.MALFORMED_JSON]: { status: 400, message: 'The request body is not valid JSON.' },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: { status: 415, message: 'Unsupported content type.' },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { status: 413, message: 'The request body is too large.' },
  [ErrorCode.NOT_FOUND]: { status: 404, message: 'Not found.' },
  [ErrorCode.METHOD_NOT_ALLOWED]: { status: 405, message: 'Method not allowed.' },
  [ErrorCode.BAD_REQUEST]: { status: 400, message: 'Bad request.' },
  [ErrorCode.WEAK_PASSWORD]: { status: 400, message: 'The password is too weak.' },
  [ErrorCode.EMAIL_TAKEN]: { status: 409, message: 'An account with this email already exists.' },
  [ErrorCode.INVALID_CREDENTIALS]: { status: 401, message: 'Invalid email or password.' },
  [ErrorCode.TOKEN_MISSING]: { status: 401, message: 'Authentication is required.' },
  [ErrorCode.TOKEN_EXPIRED]: { status: 401, message: 'The access token has expired.' },
  [ErrorCode.TOKEN_INVALID]: { status: 401, message: 'The access token is invalid.' },
  [ErrorCode.TOKEN_REVOKED]: { status: 401, message: 'The access token has been revoked.' },
  [ErrorCode.INVALID_REFRESH_TOKEN]: { status: 401, message: 'The refresh token is invalid.' },
  [ErrorCode.INVALID_RESET_TOKEN]: { status: 400, message: 'The reset link is invalid, expired or already used.' },
  [ErrorCode.SESSION_EXPIRED]: { status: 401, message: 'The session has expired.' },
  [ErrorCode.SESSION_REVOKED]: { status: 401, message: 'The session has been revoked.' },
  [ErrorCode.SESSION_NOT_FOUND]: { status: 404, message: 'Session not found.' },
  [ErrorCode.USER_NOT_FOUND]: { status: 404, message: 'User not found.' },
  [ErrorCode.CANNOT_DISABLE_SELF]: { status: 409, message: 'Administrators cannot disable their own account.' },
  [ErrorCode.FORBIDDEN]: { status: 403, message: 'Forbidden.' },
  [ErrorCode.CSRF_REJECTED]: { status: 403, message: 'A cookie-borne request needs X-Requested-With and an allowed Origin.' },
  [ErrorCode.TOO_MANY_REQUESTS]: { status: 429, message: 'Too many requests.' },
  [ErrorCode.SERVICE_UNAVAILABLE]: { status: 503, message: 'The service is temporarily unavailable.' },
  [ErrorCode.INTERNAL_ERROR]: { status: 500, message: 'Internal server error.' },
};

/** The codes a protected route answers with; each also carries an RFC 6750 challenge. */
export const ACCESS_TOKEN_ERRORS: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.TOKEN_MISSING,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_REVOKED,
]);
