import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { parse } from 'node:querystring';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Which bodies the API parses: JSON everywhere, form-encoded only on the routes `acceptsForm` names (the
 * OAuth endpoints, RFC 6749 §4.3.2), nothing else. A cross-site HTML form can only send form-encoded,
 * multipart or text/plain bodies without a CORS preflight (Fetch "CORS-safelisted request-header"), so a
 * JSON route that refuses all three cannot be reached by one (login CSRF, burning an IP's budget).
 * The refusal is the content-type parser's: it runs before any guard, pipe, throttle or handler, and
 * costs nothing to requests without such a body.
 */
export function registerBodyParsers(app: NestFastifyApplication, acceptsForm: (routeUrl: string) => boolean, bodyLimit: number): void {
  // Fastify parses text/plain into a string by default; nothing here takes text, and JSON sent as
  // text/plain (what a cross-site form can do) must not reach a handler.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.useBodyParser(FORM_CONTENT_TYPE, { bodyLimit }, async (request: FastifyRequest, body: Buffer) => {
    // The matched route, not the raw URL: no spelling of a path reaches another route's parser decision.
    const route = request.routeOptions.url;
    if (route === undefined || !acceptsForm(route)) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    return parseForm(body);
  });
}

/** Repeated names become arrays (for the route to refuse); `__proto__` is refused as in a JSON body. */
function parseForm(body: Buffer): Record<string, string | string[]> {
  const params = parse(body.toString('utf8'));
  if (Object.hasOwn(params, '__proto__'))
    throw new DomainError(ErrorCode.BAD_REQUEST, { message: 'Object contains forbidden prototype property' });
  return params as Record<string, string | string[]>;
}
