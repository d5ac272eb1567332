import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { ACCESS_TOKEN_ERRORS, ERROR_CATALOG } from '../common/errors/error-catalog.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { type ApiErrorAtStatus, declaredApiErrors } from '../common/openapi/api-errors.decorator.js';
import type { ApiRoute } from './api-routes.js';
import { RETRY_AFTER_HEADER } from '../common/openapi/retry-after-header.js';

/** What any request body can be refused for, before the handler runs (src/http/body-parsers.ts, the validation pipe). */
const BODY_ERRORS = [ErrorCode.VALIDATION_FAILED, ErrorCode.MALFORMED_JSON, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE];
const CODE_ORDER = Object.values(ErrorCode);

/**
 * Every error a route answers, with its status: what the route's shape implies (the guard's 401s unless
 * @Public(), 403 with @Roles(), a request body's or query's 400s, the 503 of an outage or of the request
 * deadline, which any route can meet), and what it declares with @ApiErrors.
 */
export function routeErrors(route: ApiRoute, operation: OperationObject): ApiErrorAtStatus[] {
  const implied: ErrorCode[] = [];
  if (!route.isPublic) implied.push(...ACCESS_TOKEN_ERRORS);
  if (route.hasRoles) implied.push(ErrorCode.FORBIDDEN);
  if (operation.requestBody) implied.push(...BODY_ERRORS);
  if ((operation.parameters ?? []).some((parameter) => (parameter as ParameterObject).in === 'query'))
    implied.push(ErrorCode.VALIDATION_FAILED);
  implied.push(ErrorCode.SERVICE_UNAVAILABLE);
  const errors = [
    ...implied.map((code) => ({ code, status: ERROR_CATALOG[code].status })),
    ...declaredApiErrors(route.controller, route.handler),
  ];
  const unique = new Map(errors.map((error) => [`${error.status} ${error.code}`, error]));
  return [...unique.values()];
}

/** The responses for those errors, one per status: the one error body, its codes as an enum, an example of each. */
export function errorResponses(errors: ApiErrorAtStatus[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const { code, status } of errors) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  const responses: Record<string, ResponseObject> = {};
  for (const [status, codes] of byStatus)
    responses[String(status)] = errorResponse(
      status,
      codes.sort((a, b) => CODE_ORDER.indexOf(a) - CODE_ORDER.indexOf(b)),
    );
  return responses;
}

function errorResponse(status: number, codes: ErrorCode[]): ResponseObject {
  const examples = Object.fromEntries(
    codes.map((code) => [
      code,
      { summary: ERROR_CATALOG[code].message, value: { statusCode: status, code, message: ERROR_CATALOG[code].message } },
    ]),
  );
  return {
    description: codes.map((code) => `\`${code}\``).join(', '),
    headers: errorHeaders(status, codes),
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ErrorBody' },
            { type: 'object', properties: { statusCode: { const: status } as SchemaObject, code: { enum: codes } } },
          ],
        },
        examples,
      },
    },
  };
}

function errorHeaders(status: number, codes: ErrorCode[]): ResponseObject['headers'] {
  if (status === 429 || status === 503) return RETRY_AFTER_HEADER;
  if (codes.some((code) => ACCESS_TOKEN_ERRORS.has(code))) {
    return {
      'WWW-Authenticate': {
        description: 'RFC 6750 challenge, e.g. `Bearer realm="autorenew"` or with `error="invalid_token"`.',
        schema: { type: 'string' },
      },
    };
  }
  return undefined;
}
