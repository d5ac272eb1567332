import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
import { ACCESS_TOKEN_ERRORS } from '../src/common/errors/error-catalog.js';
import { ErrorCode } from '../src/common/errors/error-code.enum.js';
import { BEARER_SCHEME } from '../src/common/openapi/api-security-alternatives.decorator.js';
import { appOpenApiDocument } from '../src/openapi/app-openapi-document.js';
import { serializeOpenApiDocument } from '../src/openapi/openapi-document.js';
import { declaredRoutes } from './support/routes.js';
import { TestApp, createTestApp } from './support/test-app.js';

const COMMITTED = 'openapi.json';

/** Where two texts first differ, to say which part of the document is stale. */
function firstDifference(expected: string, actual: string): string {
  const [a, b] = [expected.split('\n'), actual.split('\n')];
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, code produces ${JSON.stringify(b[at])}`;
}

type Responses = Record<string, ResponseObject>;
const codesOf = (response: ResponseObject | undefined): string[] => {
  const schema = response?.content?.['application/json']?.schema as
    { allOf?: Array<{ properties?: { code?: { enum?: string[] }; error?: { enum?: string[] } } }> } | undefined;
  const refined = schema?.allOf?.[1]?.properties;
  return refined?.code?.enum ?? refined?.error?.enum ?? [];
};

describe('openapi.json', () => {
  let generated: OpenAPIObject;
  beforeAll(async () => {
    generated = await appOpenApiDocument();
  }, 30_000);

  it('is what the code produces now (else run `npm run openapi` and commit the result)', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    const current = serializeOpenApiDocument(generated);
    if (committed !== current)
      throw new Error(`openapi.json is stale: run \`npm run openapi\` and commit it (${firstDifference(committed, current)})`);
    expect(current.endsWith('}\n')).toBe(true);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(readFileSync(COMMITTED, 'utf8')) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(generated.openapi).toBe('3.1.0');
  });
});

describe('the OpenAPI document of the running app', () => {
  let t: TestApp;
  let document: OpenAPIObject;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http.get('/docs/json').expect(200)).body as OpenAPIObject;
  }, 30_000);
  afterAll(() => t.close());

  const operationOf = (method: string, path: string): OperationObject | undefined =>
    (document.paths[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] as Record<string, OperationObject> | undefined)?.[method.toLowerCase()];

  it('describes every route the app registers, and no other', () => {
    const routes = declaredRoutes(t.app);
    const missing = routes.filter(({ method, path }) => !operationOf(method, path)).map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations).toHaveLength(routes.length);
  });

  it('requires the bearer token on every protected route, and marks every public route as needing none', () => {
    for (const { method, path, isPublic } of declaredRoutes(t.app)) {
      const security = operationOf(method, path)!.security ?? document.security!;
      const described = `${method} ${path}`;
      if (isPublic)
        expect([described, security.length === 0 || security.some((alternative) => Object.keys(alternative).length === 0)]).toEqual([
          described,
          true,
        ]);
      else
        expect([described, security.length > 0 && security.every((alternative) => BEARER_SCHEME in alternative)]).toEqual([
          described,
          true,
        ]);
    }
    expect(document.security).toEqual([{ [BEARER_SCHEME]: [] }]);
  });

  it("lists the access-token 401s on every protected route and a body's 400 wherever a body is taken", () => {
    for (const { method, path, isPublic } of declaredRoutes(t.app)) {
      const operation = operationOf(method, path)!;
      const responses = operation.responses as Responses;
      if (!isPublic)
        expect([method, path, codesOf(responses['401'])]).toEqual([method, path, expect.arrayContaining([...ACCESS_TOKEN_ERRORS])]);
      if (operation.requestBody)
        expect([method, path, codesOf(responses['400'])]).toEqual([
          method,
          path,
          expect.arrayContaining([expect.stringMatching(/^(VALIDATION_FAILED|invalid_request)$/)]),
        ]);
    }
  });

  it('answers errors with the one error body (the RFC 6749 one on /oauth/*), with the catalog status of each code', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item) as OperationObject[]) {
        for (const [status, response] of Object.entries(operation.responses as Responses)) {
          // The health probes answer their own body when down (the original one on /health, terminus's on /health/ready).
          if (!/^[45]/.test(status) || ((path === '/health' || path === '/health/ready') && status === '503')) continue;
          const ref = ((response.content!['application/json'].schema as { allOf: Array<{ $ref?: string }> }).allOf[0] as { $ref: string })
            .$ref;
          expect([path, status, ref]).toEqual([
            path,
            status,
            path.startsWith('/oauth/') ? '#/components/schemas/OAuthErrorBody' : '#/components/schemas/ErrorBody',
          ]);
          expect(codesOf(response).length).toBeGreaterThan(0);
        }
      }
    }
    expect(codesOf((operationOf('POST', '/auth/password')!.responses as Responses)['403'])).toEqual([ErrorCode.INVALID_CREDENTIALS]);
    expect(codesOf((operationOf('PATCH', '/admin/users/:id')!.responses as Responses)['403'])).toEqual([ErrorCode.FORBIDDEN]);
  });

  it('documents the token responses with their no-store headers, and the refresh cookie as a security scheme', () => {
    const login = (operationOf('POST', '/auth/login')!.responses as Responses)['200'];
    expect(Object.keys(login.headers!)).toEqual(expect.arrayContaining(['Cache-Control', 'Pragma', 'Set-Cookie']));
    expect(login.headers!['Cache-Control']).toEqual({ schema: { type: 'string', const: 'no-store' } });
    expect(document.components!.securitySchemes!.refresh_cookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-refresh_token',
    });
    expect(operationOf('POST', '/auth/refresh')!.security).toEqual([{ refresh_cookie: [] }, {}]);
  });
});
