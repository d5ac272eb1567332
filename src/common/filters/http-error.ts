import { DomainError } from '../errors/domain.error.js';
import { ACCESS_TOKEN_ERRORS } from '../errors/error-catalog.js';
import { ErrorCode } from '../errors/error-code.enum.js';
import { toErrorBody } from '../errors/error-body.js';
import { toDomainError } from '../errors/to-domain-error.js';

/** Status, body and headers of an error response: what the exception filters and the request deadline send. */
export interface HttpError {
  status: number;
  body: object;
  headers: Record<string, string>;
}

/**
 * The API's one error shape for any failure. A transport with a shape of its own (OAuth, RFC 6749 §5.2)
 * answers through its feature's exception filter instead. `unexpected` is told of anything that is not
 * one of our errors.
 */
export function toHttpError(exception: unknown, unexpected: (exception: unknown) => void): HttpError {
  const domainError = toDomainError(exception);
  if (!domainError) unexpected(exception);
  const error = domainError ?? new DomainError(ErrorCode.INTERNAL_ERROR);
  return { status: error.status, body: toErrorBody(error), headers: headersFor(error) };
}

function headersFor(error: DomainError): Record<string, string> {
  const headers = { ...error.headers };
  if (ACCESS_TOKEN_ERRORS.has(error.code)) headers['WWW-Authenticate'] = bearerChallenge(error);
  return headers;
}

/** RFC 6750 §3: no error attribute when credentials were simply missing. */
function bearerChallenge(error: DomainError): string {
  const realm = 'Bearer realm="autorenew"';
  if (error.code === ErrorCode.TOKEN_MISSING) return realm;
  return `${realm}, error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`;
}
