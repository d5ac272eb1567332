import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics.js';

/** Requests Fastify matched to no route: one label value, whatever URL was asked for. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The request-duration histogram, from one synchronous onResponse hook registered only when metrics are
 * on: with METRICS_PORT unset, requests pay nothing (docs/performance.md).
 */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  if (!metrics.enabled) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.requestDone(request.routeOptions.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
