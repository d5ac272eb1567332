import { type ExceptionFilter, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, FILTER_CATCH_EXCEPTIONS } from '@nestjs/common/constants.js';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { declaredRoutes } from '../routes/declared-routes.js';

/**
 * The exception filters a controller declares with `@UseFilters`, by route. Nest runs them for errors of
 * the route's guards, pipes and handler, but hands errors raised before the handler (the body parser:
 * malformed JSON, an unsupported media type, a body too large) to global filters only. The global filter
 * asks here, so a route's own error shape (OAuth's) covers those too, chosen by the route Fastify matched,
 * never by inspecting the URL.
 */
@Injectable()
export class RouteExceptionFilters implements OnApplicationBootstrap {
  private readonly byRoute = new Map<string, ExceptionFilter[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const controllers = this.discovery.getControllers().flatMap((wrapper) => (wrapper.metatype ? [wrapper.metatype as Type] : []));
    for (const { controller, handler, method, path } of declaredRoutes(controllers)) {
      // Nest's order: the method's filters, then the controller's.
      const declared = [...filtersDeclaredOn(handler), ...filtersDeclaredOn(controller)];
      if (declared.length === 0) continue;
      const filters = await Promise.all(declared.map(async (filter) => (typeof filter === 'function' ? this.instanceOf(filter) : filter)));
      this.byRoute.set(`${method} ${path}`, filters);
    }
  }

  /**
   * The first filter declared for the route Fastify matched (its template, e.g. `/sessions/:id`) that
   * catches this exception, as Nest would choose it; undefined when none does.
   */
  for(request: { method?: string; routeOptions?: { url?: string } }, exception: unknown): ExceptionFilter | undefined {
    const route = request.routeOptions?.url;
    if (route === undefined || this.byRoute.size === 0) return undefined;
    const filters = this.byRoute.get(`${request.method} ${route}`) ?? this.byRoute.get(`ALL ${route}`) ?? [];
    return filters.find((filter) => catches(filter, exception));
  }

  private async instanceOf(filter: Type<ExceptionFilter>): Promise<ExceptionFilter> {
    try {
      return this.moduleRef.get(filter, { strict: false });
    } catch {
      return this.moduleRef.create(filter);
    }
  }
}

/** `@Catch()` with no types catches everything; otherwise the exception must be one of them. */
function catches(filter: ExceptionFilter, exception: unknown): boolean {
  const types = (Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, filter.constructor) ?? []) as Type[];
  return types.length === 0 || types.some((type) => exception instanceof type);
}

function filtersDeclaredOn(target: object): Array<Type<ExceptionFilter> | ExceptionFilter> {
  return (Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, target) ?? []) as Array<Type<ExceptionFilter> | ExceptionFilter>;
}
