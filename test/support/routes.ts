import { INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { declaredRoutes as routesOf } from '../../src/common/routes/declared-routes.js';
import { IS_PUBLIC_KEY } from '../../src/identity/public.decorator.js';

export interface DeclaredRoute {
  method: string;
  path: string;
  isPublic: boolean;
}

/** Every route the app declares, read from Nest's own metadata, with its public/protected status. */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  return sortRoutes(
    routesOf(controllers).map(({ controller, handler, method, path }) => ({
      method,
      path,
      isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC_KEY, handler) ?? Reflect.getMetadata(IS_PUBLIC_KEY, controller)),
    })),
  );
}

export function sortRoutes(routes: DeclaredRoute[]): DeclaredRoute[] {
  return [...routes].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
