import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config/app-config.js';

/** 100 KB is far above any legitimate auth request and bounds what an attacker can make us parse. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** The HTTP adapter with its limits; the only place that knows we run on Fastify. */
export function createHttpAdapter(config: Pick<AppConfig, 'http'>): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: config.http.trustProxy });
}

/** Applies what main.ts and the e2e tests share, so tests exercise the real HTTP setup. */
export async function startApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
