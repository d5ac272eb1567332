import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProductAsyncModule } from '../../examples/product-service/product-async.module.js';
import { ProductConfig } from '../../examples/product-service/product.config.js';
import { AutorenewClock, type AutorenewGuardOptions } from '../../nest/src/index.js';
import { IntrospectionClient } from '../../nest/src/introspection.client.js';
import { LivenessCache } from '../../nest/src/liveness-cache.js';
import type { Clock } from '../../src/common/clock/clock.js';
import type { Http } from './test-app.js';

/** The introspection client the service lists for the product app in these suites. */
export const PRODUCT_CLIENT = { clientId: 'product', clientSecret: 'product-client-secret-0123456789' };
export const INTROSPECTION_CLIENTS = `${PRODUCT_CLIENT.clientId}:${PRODUCT_CLIENT.clientSecret},other:another-client-secret-0123456789`;

export interface ProductApp {
  app: INestApplication;
  http: Http;
  cache: LivenessCache;
  /** Every call the guard makes to the service's introspection endpoint, by token. */
  introspections: string[];
  close(): Promise<void>;
}

/**
 * The example product service (examples/product-service, forRootAsync) as a separate NestJS app on the
 * given adapter, with its configuration replaced by `auth` and its clock reading the service's fake
 * clock, so both agree on "now".
 */
export async function createProductApp(
  auth: Omit<AutorenewGuardOptions, 'clientId' | 'clientSecret'>,
  options: { clock: Clock; adapter?: 'express' | 'fastify' },
): Promise<ProductApp> {
  const moduleRef = await Test.createTestingModule({ imports: [ProductAsyncModule] })
    .overrideProvider(ProductConfig)
    .useValue({ auth: { ...PRODUCT_CLIENT, ...auth } })
    .overrideProvider(AutorenewClock)
    .useValue({ nowMs: () => options.clock.nowMs() })
    .compile();
  const fastify = options.adapter === 'fastify';
  const app = fastify
    ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
  await app.init();
  if (fastify) await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  const introspections: string[] = [];
  const client = app.get(IntrospectionClient);
  const introspect = client.introspect.bind(client);
  client.introspect = (token: string) => {
    introspections.push(token);
    return introspect(token);
  };
  return {
    app,
    http: request(app.getHttpServer() as Parameters<typeof request>[0]),
    cache: app.get(LivenessCache),
    introspections,
    close: () => app.close(),
  };
}
