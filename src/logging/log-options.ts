import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerOptions } from 'pino';
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

/** What the request log line reads of Fastify's request (see registerRequestLogging). */
export interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  ip: string;
}

/** Serializers of the request line: they print only these fields, so nothing else of a request is logged. */
const REQUEST_SERIALIZERS = {
  req: (request: LoggedRequest) => ({
    id: request.id,
    method: request.method,
    // A query string may carry a token (a mistyped client, a reset link): never keep it.
    url: request.url.split('?')[0],
    remoteAddress: request.ip,
  }),
  res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
};

/**
 * The per-request logger's settings. No redaction pass: its lines hold only what REQUEST_SERIALIZERS
 * print (redacting them anyway cost ~6% of a request's CPU), and code never logs through it.
 */
export function requestLogOptions(level: string): LoggerOptions {
  return { level, serializers: REQUEST_SERIALIZERS };
}

/**
 * The application logger's settings (through nestjs-pino's pino-http factory): JSON lines, secrets
 * redacted wherever code logs an object. Serializers are not wrapped: they read only what they print.
 */
export function logOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    wrapSerializers: false,
    serializers: REQUEST_SERIALIZERS,
  };
}

/** The level of a request's log line: failures stand out. */
export function requestLogLevel(statusCode: number): 'error' | 'warn' | 'info' {
  if (statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}
