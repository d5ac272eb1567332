import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { toHttpError } from '../common/filters/http-error.js';

/** A hung database (a dropped packet rather than a refused connection) must not hang the client. */
export const REQUEST_TIMEOUT_MS = 8000;

const deadlines = new WeakMap<object, NodeJS.Timeout>();

/**
 * Answers the deadline's error for a request that Nest's pipeline still holds. The app passes its global
 * exception filter, so the answer has the shape the route's own filters give any other error (OAuth's on
 * /oauth/*); the default, the API's error body, serves a bare Fastify instance.
 */
export type DeadlineAnswer = (error: DomainError, request: FastifyRequest, reply: FastifyReply) => void;

const answerInApiShape: DeadlineAnswer = (error, _request, reply) => {
  const { status, body, headers } = toHttpError(error, () => undefined);
  void reply.code(status).headers(headers).send(body);
};

/**
 * Answers 503 SERVICE_UNAVAILABLE (Retry-After: 5) to any request still unanswered after the deadline,
 * guard included. A Fastify hook and one timer per request: as a Nest interceptor it put every request
 * through rxjs (~7% of a do-nothing request, docs/performance.md). A handler that finishes later finds
 * the reply sent and its answer is dropped.
 */
export function registerRequestDeadline(
  fastify: FastifyInstance,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
  answer: DeadlineAnswer = answerInApiShape,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent) return;
      const error = new DomainError(ErrorCode.SERVICE_UNAVAILABLE, { headers: { 'Retry-After': '5' } });
      answer(error, request, reply);
    }, timeoutMs);
    deadlines.set(request, timer);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    clearTimeout(deadlines.get(request));
    done();
  });
}
