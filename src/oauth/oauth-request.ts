import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { FORM_CONTENT_TYPE } from '../http/body-parsers.js';
import { OAuthError } from './oauth-error.js';

export type OAuthParams = Record<string, string>;

/** RFC 6749 §3.2, §4.3.2 and RFC 7009 §2.1: the OAuth endpoints take form-encoded bodies; no other route does. */
export function acceptsFormBody(routeUrl: string): boolean {
  return routeUrl.startsWith('/oauth/');
}

/**
 * Reads an RFC 6749 request body (form-encoded or JSON) into single string values: a repeated or
 * non-string parameter is an invalid_request (§3.2), not something to guess about.
 */
export function readParams(body: unknown): OAuthParams {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new OAuthError('invalid_request', 'The request body must be form-encoded or a JSON object.');
  const params: OAuthParams = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `The parameter ${name} is repeated.`);
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `The parameter ${name} must be a string.`);
    params[name] = value;
  }
  return params;
}

/**
 * RFC 7662 §2.1 defines introspection requests as form-encoded only. Unlike /oauth/token (where client
 * libraries in the wild send JSON), its callers are our own resource servers: a JSON body is refused
 * with 415, so a caller that works here works against any RFC 7662 server.
 */
export function assertFormBody(contentType: string | undefined): void {
  if (contentType === undefined) return;
  if (contentType.split(';')[0].trim().toLowerCase() !== FORM_CONTENT_TYPE) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
}

export function required(params: OAuthParams, name: string, maxLength = 4096): string {
  const value = params[name];
  if (!value) throw new OAuthError('invalid_request', `The parameter ${name} is required.`);
  if (value.length > maxLength) throw new OAuthError('invalid_request', `The parameter ${name} is too long.`);
  return value;
}

/**
 * Public clients only: `client_id` in the body, HTTP Basic with an empty secret, or nothing at all.
 * A Basic secret we could not check is refused rather than ignored (§2.3.1, §5.2 invalid_client).
 */
export function assertPublicClient(authorization: string | undefined): void {
  if (!authorization?.toLowerCase().startsWith('basic ')) return;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const secret = separator === -1 ? '' : safeDecode(decoded.slice(separator + 1));
  if (secret !== '')
    throw new OAuthError('invalid_client', 'This server has public clients only: send no client secret.', 401, {
      'WWW-Authenticate': 'Basic realm="autorenew"',
    });
}

/** A malformed percent-encoding counts as a (non-empty) secret we cannot accept, never a 500. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
