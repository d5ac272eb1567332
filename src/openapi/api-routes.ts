import { INestApplicationContext, RequestMethod } from '@nestjs/common';
import { HEADERS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
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
  const routes: ApiRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & object;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as object;
        if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        routes.push({
          controller,
          handler,
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase(),
          path: openApiPath(prefix, String(Reflect.getMetadata(PATH_METADATA, handler))),
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC_KEY, handler) ?? Reflect.getMetadata(IS_PUBLIC_KEY, controller)),
          hasRoles: Boolean(Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)),
          headers: (Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as ApiRoute['headers'],
        });
      }
    }
  }
  return routes;
}

/** `sessions` + `:id` → `/sessions/{id}`. */
function openApiPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
