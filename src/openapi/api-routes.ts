import { INestApplicationContext, type Type } from '@nestjs/common';
import { HEADERS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { declaredRoutes } from '../common/routes/declared-routes.js';
import { IS_PUBLIC_KEY } from '../identity/public.decorator.js';
import { ROLES_KEY } from '../identity/roles.decorator.js';

/** One route of the app as the OpenAPI document needs to know it, read from Nest's own metadata. */
export interface ApiRoute {
  controller: object;
  handler: object;
  /** Lower case, as OpenAPI names operations: `get`, `post`… */
  method: string;
  /** OpenAPI form: `/sessions/{id}`. */
  path: string;
  isPublic: boolean;
  hasRoles: boolean;
  /** Fixed response headers declared with Nest's `@Header()` (`@NoStore()` among them). */
  headers: Array<{ name: string; value: string }>;
}

/** Every route of every controller in the app, whatever adds it: a new route needs only its decorators. */
export function apiRoutes(app: INestApplicationContext): ApiRoute[] {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  return declaredRoutes(controllers).map(({ controller, handler, method, path }) => ({
    controller,
    handler,
    method: method.toLowerCase(),
    // OpenAPI names path parameters in braces: `/sessions/:id` → `/sessions/{id}`.
    path: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
    isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC_KEY, handler) ?? Reflect.getMetadata(IS_PUBLIC_KEY, controller)),
    hasRoles: Boolean(Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)),
    headers: (Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as ApiRoute['headers'],
  }));
}
