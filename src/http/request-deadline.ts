import type { FastifyInstance } from 'fastify';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { type HttpError, toHttpError } from '../common/filters/http-error.js';

/** A hung database (a dropped packet rather than a refused connection) must not hang the client. */
export const REQUEST_TIMEOUT_MS = 8000;

const deadlines = new WeakMap<object, NodeJS.Timeout>();

/** A route family that answers errors in a shape of its own (the OAuth endpoints' RFC 6749 bodies). */
export interface RouteErrorShape {
  matches(routeUrl: string): boolean;
  shape(error: unknown, unexpected: (error: unknown) => void): HttpError;
}

/**
 * Answers 503 SERVICE_UNAVAILABLE (Retry-After: 5) to any request still unanswered after the deadline,
 * guard included. A Fastify hook and one timer per request: as a Nest interceptor it put every request
 * through rxjs (~7% of a do-nothing request, docs/performance.md). A handler that finishes later finds
 * the reply sent and its answer is dropped.
 */
export function registerRequestDeadline(
  fastify: FastifyInstance,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
  shapes: RouteErrorShape[] = [],
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent) return;
      const error = new DomainError(ErrorCode.SERVICE_UNAVAILABLE, { headers: { 'Retry-After': '5' } });
      // Outside Nest, so no exception filter runs here: the matched route picks its shape (the composition
      // root passes the OAuth one, so this file depends on no feature).
      const route = request.routeOptions.url;
      const own = route === undefined ? undefined : shapes.find((candidate) => candidate.matches(route));
      const { status, body, headers } = own ? own.shape(error, () => undefined) : toHttpError(error, () => undefined);
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
