import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import cookie from '@fastify/cookie';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { registerAccountPage } from './account/account-page.js';
import { AppConfig } from './config/app-config.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { REQUEST_TIMEOUT_MS, registerRequestDeadline } from './http/request-deadline.js';
import { helmetHeaders } from './http/security-headers.js';
import { fastifyTrustProxy } from './config/trust-proxy.js';
import { requestId } from './logging/log-options.js';
import { REQUEST_LOGGER } from './logging/logging.module.js';
import { Metrics } from './metrics/metrics.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { registerRequestMetrics } from './metrics/request-metrics.js';
import { registerRequestLogging } from './logging/request-logging.js';
import { acceptsFormBody } from './oauth/oauth-request.js';
import { registerApiDocs } from './openapi/api-docs.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';

/** 100 KB is far above any legitimate auth request and bounds what an attacker can make us parse. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** The HTTP adapter with its limits; the only place that knows we run on Fastify. */
export function createHttpAdapter(config: Pick<AppConfig, 'http'>): FastifyAdapter {
  // skipMiddie: the API uses no Nest middleware, and middie's hook cost every request its run (docs/performance.md).
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    genReqId: requestId,
    skipMiddie: true,
  });
}

/** Applies what main.ts and the e2e tests share, so tests exercise the real HTTP setup. */
export async function startApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  const securityHeaders = helmetHeaders();
  // One synchronous hook for what every response carries; helmet's headers are computed once, at boot.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    reply.header('X-Request-Id', request.id);
    done();
  });
  // The deadline answers outside Nest's pipeline: through the global filter, so each route keeps its error shape.
  const exceptions = app.get(AllExceptionsFilter);
  registerRequestDeadline(fastify, REQUEST_TIMEOUT_MS, (error, request, reply) =>
    exceptions.catch(error, new ExecutionContextHost([request, reply])),
  );
  registerRequestLogging(fastify, app.get(REQUEST_LOGGER));
  registerRequestMetrics(fastify, app.get(Metrics));
  registerBodyParsers(app, acceptsFormBody, BODY_LIMIT_BYTES);
  await app.register(cookie as never);
  await registerAccountPage(app, config);
  await registerApiDocs(app, config);
  // Closed unless origins are listed: without the plugin no response carries CORS headers, so browsers
  // elsewhere cannot read them (and no request pays for the CORS hook).
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      credentials: true,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Requested-With', 'X-Request-Id'],
      exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
      maxAge: 600,
    });
  }
  app.enableShutdownHooks();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(MetricsServer).start();
  return app;
}
