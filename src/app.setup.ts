import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { registerAccountPage } from './account/account-page.js';
import { AppConfig } from './config/app-config.js';
import { requestId } from './logging/log-options.js';

/** 100 KB is far above any legitimate auth request and bounds what an attacker can make us parse. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** The HTTP adapter with its limits; the only place that knows we run on Fastify. */
export function createHttpAdapter(config: Pick<AppConfig, 'http'>): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: config.http.trustProxy, genReqId: requestId });
}

/** Applies what main.ts and the e2e tests share, so tests exercise the real HTTP setup. */
export async function startApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  await app.register(cookie as never);
  // A JSON API: nothing may be framed, sniffed or loaded from its responses.
  await app.register(helmet as never, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  await registerAccountPage(app, config);
  // Closed unless origins are listed: browsers elsewhere cannot read responses.
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    credentials: true,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Requested-With', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
    maxAge: 600,
  });
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
