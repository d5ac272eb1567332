import { describe, expect, it } from '@jest/globals';
import type { OperationObject } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import type { ApiRoute } from './api-routes.js';
import { errorResponses, routeErrors } from './route-errors.js';

@ApiErrors(ErrorCode.USER_NOT_FOUND)
class ExampleController {
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND, { code: ErrorCode.INVALID_CREDENTIALS, status: 403 })
  handler(this: void): void {}
}

const route = (overrides: Partial<ApiRoute> = {}): ApiRoute => ({
  controller: ExampleController,
  handler: ExampleController.prototype.handler,
  method: 'post',
  path: '/example',
  isPublic: false,
  hasRoles: false,
  headers: [],
  ...overrides,
});
const NO_BODY: OperationObject = { responses: {} };
const WITH_BODY: OperationObject = { responses: {}, requestBody: { content: {} } };
const codesAt = (errors: ReturnType<typeof routeErrors>, status: number) =>
  errors.filter((error) => error.status === status).map((error) => error.code);

describe('routeErrors', () => {
  it("gives a protected route the guard's four 401s, and a public one none", () => {
    expect(codesAt(routeErrors(route(), NO_BODY), 401)).toEqual([
      ErrorCode.TOKEN_MISSING,
      ErrorCode.TOKEN_EXPIRED,
      ErrorCode.TOKEN_INVALID,
      ErrorCode.TOKEN_REVOKED,
    ]);
    expect(codesAt(routeErrors(route({ isPublic: true }), NO_BODY), 401)).toEqual([]);
  });

  it("adds a body's 400, 413 and 415 only where a body is taken, and 403 FORBIDDEN only with @Roles()", () => {
    expect(codesAt(routeErrors(route(), WITH_BODY), 400)).toEqual([ErrorCode.VALIDATION_FAILED, ErrorCode.MALFORMED_JSON]);
    expect(codesAt(routeErrors(route(), WITH_BODY), 413)).toEqual([ErrorCode.PAYLOAD_TOO_LARGE]);
    expect(codesAt(routeErrors(route(), NO_BODY), 400)).toEqual([]);
    expect(codesAt(routeErrors(route({ hasRoles: true }), NO_BODY), 403)).toEqual([ErrorCode.FORBIDDEN, ErrorCode.INVALID_CREDENTIALS]);
    expect(codesAt(routeErrors(route(), NO_BODY), 403)).toEqual([ErrorCode.INVALID_CREDENTIALS]);
  });

  it("takes the codes declared on the handler and its controller, at the catalog's status unless one is given", () => {
    const errors = routeErrors(route({ isPublic: true }), NO_BODY);
    expect(codesAt(errors, 404)).toEqual([ErrorCode.USER_NOT_FOUND, ErrorCode.SESSION_NOT_FOUND]);
    expect(codesAt(errors, 401)).toEqual([]);
    expect(codesAt(errors, 503)).toEqual([ErrorCode.SERVICE_UNAVAILABLE]);
  });
});

describe('errorResponses', () => {
  it('renders each status once, codes in enum order with an example each, and the challenge or Retry-After header', () => {
    const sut = errorResponses([
      { code: ErrorCode.TOKEN_REVOKED, status: 401 },
      { code: ErrorCode.TOKEN_MISSING, status: 401 },
      { code: ErrorCode.SERVICE_UNAVAILABLE, status: 503 },
    ]);
    expect(Object.keys(sut)).toEqual(['401', '503']);
    const content = sut['401'].content!['application/json'];
    expect(content.schema).toEqual({
      allOf: [
        { $ref: '#/components/schemas/ErrorBody' },
        { type: 'object', properties: { statusCode: { const: 401 }, code: { enum: ['TOKEN_MISSING', 'TOKEN_REVOKED'] } } },
      ],
    });
    expect(content.examples!.TOKEN_MISSING).toEqual({
      summary: 'Authentication is required.',
      value: { statusCode: 401, code: 'TOKEN_MISSING', message: 'Authentication is required.' },
    });
    expect(Object.keys(sut['401'].headers!)).toEqual(['WWW-Authenticate']);
    expect(Object.keys(sut['503'].headers!)).toEqual(['Retry-After']);
  });
});
