import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';

/**
 * `__Host-`: the browser accepts it only from this exact host, over HTTPS, with Path=/ and no Domain, so a
 * sibling subdomain cannot plant or overwrite it (cookie tossing). Never readable by scripts, never sent
 * cross-site.
 */
export const REFRESH_COOKIE = '__Host-refresh_token';
const ATTRIBUTES = 'Path=/; HttpOnly; Secure; SameSite=Strict';

export function refreshCookie(token: string, sessionExpiresAt: Date, now: Date): string {
  const maxAge = Math.max(0, Math.floor((sessionExpiresAt.getTime() - now.getTime()) / 1000));
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAge}; ${ATTRIBUTES}`;
}

export function clearedRefreshCookie(): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; ${ATTRIBUTES}`;
}

/**
 * A cookie rides along with any request the browser makes, so a cookie-borne refresh must prove it
 * comes from our own script: a custom header (which a cross-site form cannot set and which forces a CORS
 * preflight) and, when the browser names an origin, one we allow.
 */
export function assertCookieRequestAllowed(headers: { requestedWith?: string; origin?: string }, allowedOrigins: string[]): void {
  const fromAllowedOrigin = headers.origin === undefined || allowedOrigins.includes(headers.origin);
  if (headers.requestedWith !== undefined && fromAllowedOrigin) return;
  throw new DomainError(ErrorCode.CSRF_REJECTED);
}
