import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

/** One route a controller declares, read from Nest's own metadata. */
export interface DeclaredRoute {
  controller: Type;
  handler: object;
  /** Nest's method name, upper case: `GET`, `POST`, `ALL`… */
  method: string;
  /** Nest's template, as Fastify matches it: `/sessions/:id`. */
  path: string;
}

/**
 * Every route of the given controllers (the one walk over Nest's route metadata: the OpenAPI document, the
 * routes' own exception filters and the route-table spec all read it). A controller or method path may be a
 * list; each combination is a route of its own.
 */
export function declaredRoutes(controllers: Iterable<Type>): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      for (const path of joinedPaths(Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler))) {
        routes.push({ controller, handler, method, path });
      }
    }
  }
  return routes;
}

/** The controller's and the method's paths (either may be a list), joined with one slash. */
function joinedPaths(prefixes: unknown, paths: unknown): string[] {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);
  return list(prefixes).flatMap((prefix) =>
    list(paths).map(
      (path) =>
        `/${[prefix, path]
          .map((part) => part.replace(/^\/+|\/+$/g, ''))
          .filter(Boolean)
          .join('/')}`,
    ),
  );
}
