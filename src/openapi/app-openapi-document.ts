import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module.js';
import { createOpenApiDocument } from './openapi-document.js';

/**
 * The document of the whole AppModule without running it: Nest's preview mode resolves the module graph
 * and the routes but instantiates no provider, so no configuration, database or Redis is needed.
 */
export async function appOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
