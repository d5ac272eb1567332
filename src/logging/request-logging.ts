import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestLogLevel } from './log-options.js';

/**
 * One JSON line per request, when its response has been sent: id, method, path, client address, status
 * and time (see requestLogOptions for why these and nothing else).
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    logger[requestLogLevel(reply.statusCode)](
      { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
}
