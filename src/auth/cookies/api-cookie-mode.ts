import { ApiHeader } from '@nestjs/swagger';
import { DEVICE_COOKIE } from './device-cookie.js';
import { REFRESH_COOKIE } from './refresh-cookie.js';

/**
 * The cookie-mode rule in openapi.json, next to the code that enforces it (assertCookieRequestAllowed):
 * a request that relies on the refresh cookie must carry X-Requested-With, and an Origin, when the
 * browser sends one, among CORS_ORIGINS or this service's own.
 */
export const ApiCookieRequestHeader = () =>
  ApiHeader({
    name: 'X-Requested-With',
    required: false,
    description: `Required (any value) when the request relies on the \`${REFRESH_COOKIE}\` cookie or asks for cookie mode; with it, an \`Origin\` the browser sends must be listed in CORS_ORIGINS or be this service's own (PUBLIC_URL). Otherwise 403 \`CSRF_REJECTED\`.`,
    schema: { type: 'string', example: 'XMLHttpRequest' },
  });

/** The response header that sets or clears the cookies of cookie mode. */
export const SET_COOKIE_HEADER = {
  'Set-Cookie': {
    description: `Cookie mode: \`${REFRESH_COOKIE}=<refresh token>; Max-Age=<session lifetime>; Path=/; HttpOnly; Secure; SameSite=Strict\` (\`Max-Age=0\` clears it), and at sign-in \`${DEVICE_COOKIE}\`.`,
    schema: { type: 'string' },
  },
};
