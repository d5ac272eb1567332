import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedInUser } from './factories/user.factory.js';
import { tamperClaims } from './support/jwt.js';
import { declaredRoutes, sortRoutes } from './support/routes.js';
import { TestApp, createTestApp } from './support/test-app.js';

/**
 * The permission table of the API. A route added, removed or made public changes this list, so the
 * change is reviewed as the permission change it is.
 */
const ROUTES = [
  { method: 'GET', path: '/.well-known/jwks.json', isPublic: true },
  { method: 'GET', path: '/.well-known/oauth-authorization-server', isPublic: true },
  // Public to the bearer guard: the caller authenticates as an INTROSPECTION_CLIENTS client (introspection spec).
  { method: 'POST', path: '/oauth/introspect', isPublic: true },
  { method: 'POST', path: '/oauth/revoke', isPublic: true },
  { method: 'POST', path: '/oauth/token', isPublic: true },
  { method: 'DELETE', path: '/admin/users/:id/sessions/:sid', isPublic: false },
  { method: 'GET', path: '/admin/users/:id/sessions', isPublic: false },
  { method: 'PATCH', path: '/admin/users/:id', isPublic: false },
  { method: 'POST', path: '/admin/users/:id/logout-all', isPublic: false },
  { method: 'POST', path: '/auth/login', isPublic: true },
  { method: 'GET', path: '/auth/me', isPublic: false },
  // Authenticates itself: by refresh token (body or cookie) or bearer; 401 TOKEN_MISSING with none (logout spec).
  { method: 'POST', path: '/auth/logout', isPublic: true },
  { method: 'POST', path: '/auth/logout-all', isPublic: false },
  { method: 'POST', path: '/auth/password', isPublic: false },
  { method: 'POST', path: '/auth/password/forgot', isPublic: true },
  { method: 'POST', path: '/auth/password/reset', isPublic: true },
  { method: 'POST', path: '/auth/refresh', isPublic: true },
  { method: 'POST', path: '/auth/register', isPublic: true },
  { method: 'GET', path: '/health', isPublic: true },
  { method: 'GET', path: '/health/live', isPublic: true },
  { method: 'GET', path: '/health/ready', isPublic: true },
  { method: 'DELETE', path: '/sessions', isPublic: false },
  { method: 'GET', path: '/sessions', isPublic: false },
  { method: 'DELETE', path: '/sessions/:id', isPublic: false },
  { method: 'PATCH', path: '/sessions/:id', isPublic: false },
  { method: 'GET', path: '/users/me', isPublic: false },
  { method: 'GET', path: '/users/me/activity', isPublic: false },
];

const PROTECTED = ROUTES.filter((route) => !route.isPublic);
const concrete = (path: string) =>
  path.replace(':id', '00000000-0000-4000-8000-000000000000').replace(':sid', '00000000-0000-4000-8000-000000000001');

describe('routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('declares exactly the documented routes with the documented public/protected status', () => {
    expect(declaredRoutes(t.app)).toEqual(sortRoutes(ROUTES));
  });

  describe.each(PROTECTED)('$method $path', ({ method, path }) => {
    const call = (headers: Record<string, string> = {}) =>
      t.http[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](concrete(path)).set(headers).send({});

    it('requires authentication', async () => {
      const response = await call().expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'TOKEN_MISSING', message: 'Authentication is required.' });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="autorenew"');
    });

    it('refuses a token with a stale jwt_version', async () => {
      const user = await signedInUser(t.http);
      const stale = tamperClaims(user.tokens.access_token, { ver: 7 });
      const response = await call({ Authorization: `Bearer ${stale}` }).expect(401);
      expect(response.body.code).toBe('TOKEN_REVOKED');
    });
  });
});
