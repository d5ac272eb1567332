import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import type { AppConfig } from '../../config/app-config.js';

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

/**
 * The origins `assertCookieRequestAllowed` accepts: those listed in CORS_ORIGINS, and this service's own,
 * where its account page runs: PUBLIC_URL's origin, or, outside production, the origin the request itself
 * addressed (scheme and Host). A foreign page's browser sends its own Origin beside our Host, so it never
 * matches; a page whose host resolves to us (DNS rebinding) does not hold our `__Host-` cookie.
 */
export function cookieRequestOrigins(config: Pick<AppConfig, 'environment' | 'http'>, requestOrigin: string): string[] {
  if (config.http.publicUrl !== undefined) return [...config.http.corsOrigins, new URL(config.http.publicUrl).origin];
  return config.environment === 'production' ? config.http.corsOrigins : [...config.http.corsOrigins, requestOrigin];
}
