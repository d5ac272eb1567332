import { HttpException } from '@nestjs/common';
import { AutorenewErrorCode } from './autorenew-error-code.js';

/** Status and default message per code, as the service's error catalog has them. */
const CATALOG: Record<AutorenewErrorCode, { status: number; message: string }> = {
  [AutorenewErrorCode.TOKEN_MISSING]: { status: 401, message: 'Authentication is required.' },
  [AutorenewErrorCode.TOKEN_EXPIRED]: { status: 401, message: 'The access token has expired.' },
  [AutorenewErrorCode.TOKEN_INVALID]: { status: 401, message: 'The access token is invalid.' },
  [AutorenewErrorCode.TOKEN_REVOKED]: { status: 401, message: 'The access token has been revoked.' },
  [AutorenewErrorCode.FORBIDDEN]: { status: 403, message: 'Forbidden.' },
  [AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE]: { status: 503, message: 'The authentication service is unavailable.' },
};

/** Seconds a client should wait before retrying while the service cannot be asked. */
const RETRY_AFTER_SECONDS = 5;

/** The body every error of the service has. */
export interface AutorenewErrorBody {
  statusCode: number;
  code: AutorenewErrorCode;
  message: string;
}

/**
 * An HttpException whose response is the service's error body, so Nest's default filter (and any host
 * filter that honours HttpException) answers with the same shape on Express and Fastify. The headers
 * (RFC 6750 challenge, Retry-After) are set by the guard before it throws.
 */
export class AutorenewAuthError extends HttpException {
  readonly code: AutorenewErrorCode;
  readonly headers: Record<string, string>;

  constructor(code: AutorenewErrorCode, message?: string) {
    const definition = CATALOG[code];
    const body: AutorenewErrorBody = { statusCode: definition.status, code, message: message ?? definition.message };
    super(body, definition.status);
    this.code = code;
    this.headers = headersFor(body);
  }
}

function headersFor(body: AutorenewErrorBody): Record<string, string> {
  if (body.statusCode === 503) return { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  if (body.statusCode !== 401) return {};
  // RFC 6750 §3: no error attribute when credentials were simply missing; the service's realm.
  const realm = 'Bearer realm="autorenew"';
  if (body.code === AutorenewErrorCode.TOKEN_MISSING) return { 'WWW-Authenticate': realm };
  return { 'WWW-Authenticate': `${realm}, error="invalid_token", error_description="${body.message.replace(/"/g, "'")}"` };
}
