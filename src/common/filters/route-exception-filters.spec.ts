import { describe, expect, it } from '@jest/globals';
import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, Post, UseFilters } from '@nestjs/common';
import type { DiscoveryService, ModuleRef } from '@nestjs/core';
import { RouteExceptionFilters } from './route-exception-filters.js';

@Catch()
class ShapeA implements ExceptionFilter {
  catch(_exception: unknown, _host: ArgumentsHost): void {}
}

class TeapotError extends Error {}

@Catch(TeapotError)
class ShapeB implements ExceptionFilter {
  catch(_exception: unknown, _host: ArgumentsHost): void {}
}

@UseFilters(ShapeA)
@Controller('/shaped/')
class ShapedController {
  @Post('token')
  token(): void {}

  @UseFilters(ShapeB)
  @Get(['a', 'b/:id'])
  own(): void {}
}

@Controller()
class PlainController {
  @Get('plain')
  plain(): void {}
}

async function sutWith(...controllers: object[]): Promise<{ sut: RouteExceptionFilters; a: ShapeA; b: ShapeB }> {
  const a = new ShapeA();
  const b = new ShapeB();
  const discovery = { getControllers: () => controllers.map((metatype) => ({ metatype })) } as unknown as DiscoveryService;
  const instances = new Map<unknown, ExceptionFilter>([[ShapeA, a]]);
  const moduleRef = {
    get: (type: unknown) => {
      const instance = instances.get(type);
      if (!instance) throw new Error('not a provider');
      return instance;
    },
    create: async (type: unknown) => (type === ShapeB ? b : undefined),
  } as unknown as ModuleRef;
  const sut = new RouteExceptionFilters(discovery, moduleRef);
  await sut.onApplicationBootstrap();
  return { sut, a, b };
}

describe('RouteExceptionFilters', () => {
  describe('for', () => {
    it('answers the filter the controller declares for the route Fastify matched, by method and template', async () => {
      const { sut, a } = await sutWith(ShapedController, PlainController);
      expect(sut.for({ method: 'POST', routeOptions: { url: '/shaped/token' } }, new TeapotError())).toBe(a);
      expect(sut.for({ method: 'GET', routeOptions: { url: '/shaped/token' } }, new TeapotError())).toBeUndefined();
    });

    it('prefers a method’s own filter to its controller’s, for each of its paths', async () => {
      const { sut, b } = await sutWith(ShapedController);
      expect(sut.for({ method: 'GET', routeOptions: { url: '/shaped/a' } }, new TeapotError())).toBe(b);
      expect(sut.for({ method: 'GET', routeOptions: { url: '/shaped/b/:id' } }, new TeapotError())).toBe(b);
    });

    it('passes over a filter that does not catch this kind of exception, as Nest does', async () => {
      const { sut, a } = await sutWith(ShapedController);
      expect(sut.for({ method: 'GET', routeOptions: { url: '/shaped/a' } }, new Error('not a teapot'))).toBe(a);
    });

    it('answers nothing for routes without filters, unmatched requests, or a URL that merely looks like a route', async () => {
      const { sut } = await sutWith(ShapedController, PlainController);
      expect(sut.for({ method: 'GET', routeOptions: { url: '/plain' } }, new TeapotError())).toBeUndefined();
      expect(sut.for({ method: 'POST', routeOptions: {} }, new TeapotError())).toBeUndefined();
      expect(sut.for({ method: 'POST' }, new TeapotError())).toBeUndefined();
      expect(sut.for({ method: 'POST', routeOptions: { url: '/shaped/token/' } }, new TeapotError())).toBeUndefined();
    });
  });
});
