import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../database/is-database-unavailable.js';
import { DomainError } from './domain.error.js';
import { ErrorCode } from './error-code.enum.js';

const OUTAGE_RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.TOO_MANY_REQUESTS,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * Normalises anything thrown while serving a request: our DomainErrors pass through, framework
 * and HTTP-parser errors (Nest's HttpException, Fastify's `FST_ERR_*` with a 4xx statusCode) map to a
 * code by status, and anything else becomes `undefined`: an unexpected failure, answered as a bare 500.
 */
export function toDomainError(exception: unknown): DomainError | undefined {
  if (exception instanceof DomainError) return exception;
  // Never a 401 or a 500 for an outage: the client keeps its tokens and retries.
  if (isDatabaseUnavailable(exception))
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, { headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) } });
  const status = clientErrorStatus(exception);
  if (status === undefined) return undefined;
  if (status === 400 && isJsonSyntaxError(exception)) return new DomainError(ErrorCode.MALFORMED_JSON);
  const code = CODE_BY_STATUS[status] ?? ErrorCode.BAD_REQUEST;
  return new DomainError(code, { status });
}

function clientErrorStatus(exception: unknown): number | undefined {
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 599 || status === 500) return undefined;
  return status;
}

const JSON_PARSE_CODES = new Set(['FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY']);

/** The adapter wraps parser errors in an HttpException; the original is its `cause`. */
function isJsonSyntaxError(exception: unknown): boolean {
  const original = exception instanceof HttpException && exception.cause ? exception.cause : exception;
  const { code, name } = original as { code?: unknown; name?: unknown };
  return name === 'SyntaxError' || (typeof code === 'string' && JSON_PARSE_CODES.has(code));
}
