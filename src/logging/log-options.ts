import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Everything that could carry a credential, wherever it sits in a log line. Bodies are never logged;
 * this list is the second line of defence for headers and for objects passed to a logger by code.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-refresh-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refresh_token',
  '*.access_token',
  '*.token',
  '*.authorization',
];

/** A caller's X-Request-Id when it is a sane token, otherwise a fresh UUID: one id per request, end to end. */
export function requestId(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** pino-http settings: JSON lines with a request id, secrets redacted, query strings dropped. */
export function logOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify has already assigned the id (see requestId below); pino-http reuses it.
    genReqId: (request: IncomingMessage) => requestId(request),
    serializers: {
      req: (request: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: request.id,
        method: request.method,
        // A query string may carry a token (a mistyped client, a reset link): never keep it.
        url: request.url.split('?')[0],
        remoteAddress: request.remoteAddress,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
  };
}
