import type { FastifyInstance } from 'fastify';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { toHttpError } from '../common/filters/http-error.js';
import { toOAuthHttpError } from '../oauth/oauth-exception.filter.js';
import { acceptsFormBody as isOAuthRoute } from '../oauth/oauth-request.js';

/** A hung database (a dropped packet rather than a refused connection) must not hang the client. */
export const REQUEST_TIMEOUT_MS = 8000;

const deadlines = new WeakMap<object, NodeJS.Timeout>();

/**
 * Answers 503 SERVICE_UNAVAILABLE (Retry-After: 5) to any request still unanswered after the deadline,
 * guard included. A Fastify hook and one timer per request: as a Nest interceptor it put every request
 * through rxjs (~7% of a do-nothing request, docs/performance.md). A handler that finishes later finds
 * the reply sent and its answer is dropped.
 */
export function registerRequestDeadline(fastify: FastifyInstance, timeoutMs: number = REQUEST_TIMEOUT_MS): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent) return;
      const error = new DomainError(ErrorCode.SERVICE_UNAVAILABLE, { headers: { 'Retry-After': '5' } });
      // Outside Nest, so no exception filter runs here: the matched route picks the OAuth shape.
      const route = request.routeOptions.url;
      const { status, body, headers } = route !== undefined && isOAuthRoute(route) ? toOAuthHttpError(error, () => undefined) : toHttpError(error, () => undefined);
      void reply.code(status).headers(headers).send(body);
    }, timeoutMs);
    deadlines.set(request, timer);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    clearTimeout(deadlines.get(request));
    done();
  });
}
