import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { REFRESH_COOKIE } from '../auth/cookies/refresh-cookie.js';
import { ErrorBody } from '../common/errors/error-body.js';
import { API_OWN_ERROR_SHAPE_KEY } from '../common/openapi/api-own-error-shape.decorator.js';
import { BEARER_SCHEME, REFRESH_COOKIE_SCHEME } from '../common/openapi/api-security-alternatives.decorator.js';
import { type ApiRoute, apiRoutes } from './api-routes.js';
import { errorResponses, routeErrors } from './route-errors.js';

const DESCRIPTION = [
  'Authentication service: short-lived JWT access tokens, rotating refresh tokens (one session per device).',
  '',
  'Every route requires `Authorization: Bearer <access_token>` unless its security says otherwise. Errors share one body',
  '(`ErrorBody`: branch on its stable `code`); the /oauth/* endpoints answer RFC 6749 §5.2 errors instead. Every response',
  'carries `X-Request-Id`; a 429 or 503 carries `Retry-After`.',
  '',
  'Cookie mode (browsers): sign in with `transport: "cookie"` and the refresh token is set as the HttpOnly',
  `\`${REFRESH_COOKIE}\` cookie instead of being returned. A request relying on that cookie must send \`X-Requested-With\``,
  'and, when the browser sends an `Origin`, one listed in CORS_ORIGINS or this service’s own; else 403 `CSRF_REJECTED`.',
].join('\n');

/**
 * The OpenAPI 3.1 description of the API, from the routes' own decorators: @nestjs/swagger reads the DTO
 * and view classes; this adds what the routes' metadata implies, written once here rather than on each
 * route: security (bearer unless @Public()), the errors (route-errors.ts) and the fixed response headers.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('autorenew')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from a token response.' },
      BEARER_SCHEME,
    )
    .addSecurity(REFRESH_COOKIE_SCHEME, {
      type: 'apiKey',
      in: 'cookie',
      name: REFRESH_COOKIE,
      description:
        'Cookie mode: the refresh token, set HttpOnly by sign-in with `transport: "cookie"`. Requests relying on it need `X-Requested-With` and an allowed or no `Origin`.',
    })
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] });
  for (const route of apiRoutes(app)) describeRoute(document, route);
  // Operations carry their controller's tag; the builder's empty top-level list says nothing.
  if (document.tags?.length === 0) delete document.tags;
  return sortKeys(document) as OpenAPIObject;
}

/** Stable key order, two-space indent, a final newline: the form of the committed openapi.json. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function describeRoute(document: OpenAPIObject, route: ApiRoute): void {
  const operation = (document.paths[route.path] as Record<string, OperationObject> | undefined)?.[route.method];
  if (!operation) throw new Error(`${route.method.toUpperCase()} ${route.path} is missing from the OpenAPI document`);
  if (route.isPublic && operation.security === undefined) operation.security = [];
  for (const [status, response] of Object.entries(operation.responses) as Array<[string, ResponseObject]>) {
    if (!status.startsWith('2') || route.headers.length === 0) continue;
    const fixed = Object.fromEntries(route.headers.map(({ name, value }) => [name, { schema: { type: 'string', const: value } }]));
    response.headers = { ...response.headers, ...fixed };
  }
  if (Reflect.getMetadata(API_OWN_ERROR_SHAPE_KEY, route.handler)) return;
  // An error status the route documents itself (GET /health's 503 body) is left as it wrote it.
  operation.responses = { ...errorResponses(routeErrors(route, operation)), ...operation.responses };
}

/** Conventional order at the top, alphabetical everywhere else; arrays keep their order. */
const TOP_LEVEL = ['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'webhooks', 'components'];

function sortKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const rank = (key: string) => (depth === 0 && TOP_LEVEL.includes(key) ? TOP_LEVEL.indexOf(key) : TOP_LEVEL.length);
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key], depth + 1)]));
}

/** The version in package.json, found from this file whether it runs from src/ or dist/src/. */
function packageVersion(): string {
  for (let url = new URL('../../package.json', import.meta.url); ; url = new URL('../package.json', url)) {
    try {
      return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
    } catch (error) {
      if (url.pathname === '/package.json') throw error;
    }
  }
}
