import { applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

/** The names of the security schemes in openapi.json (src/openapi/openapi-document.ts defines them). */
export const BEARER_SCHEME = 'bearer';
export const REFRESH_COOKIE_SCHEME = 'refresh_cookie';

/**
 * The credentials a route accepts, as alternatives: each a list of schemes presented together, `[]`
 * meaning none at all. Without it a protected route takes the global bearer requirement and a
 * `@Public()` route none.
 */
export const ApiSecurityAlternatives = (...alternatives: string[][]) =>
  applyDecorators(...alternatives.map((schemes) => ApiSecurity(Object.fromEntries(schemes.map((scheme) => [scheme, []])))));
