import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { ErrorReply } from '../common/filters/error-reply.js';
import type { HttpError } from '../common/filters/http-error.js';
import { toDomainError } from '../common/errors/to-domain-error.js';
import { OAuthError, toOAuthError } from './oauth-error.js';

/**
 * RFC 6749 §5.2 bodies (`{error, error_description}`, never cached) for every failure of the OAuth
 * endpoints, which OAuth client libraries parse strictly. Applied with `@UseFilters` on the controller;
 * errors raised before its handler (body parsing) reach it through the global filter (RouteExceptionFilters).
 */
@Catch()
@Injectable()
export class OAuthExceptionFilter implements ExceptionFilter {
  constructor(private readonly reply: ErrorReply) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    this.reply.send(
      host,
      toOAuthHttpError(exception, (unexpected) => this.reply.logUnexpected(unexpected, host)),
    );
  }
}

/** Our errors in their OAuth face; anything else is logged through `unexpected` and becomes server_error. */
export function toOAuthHttpError(exception: unknown, unexpected: (exception: unknown) => void): HttpError {
  let error: OAuthError;
  if (exception instanceof OAuthError) {
    error = exception;
  } else {
    const domainError = toDomainError(exception);
    if (!domainError) unexpected(exception);
    error = toOAuthError(domainError);
  }
  return { status: error.status, body: error.body(), headers: { ...error.headers, 'Cache-Control': 'no-store', Pragma: 'no-cache' } };
}
