import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '../errors/domain.error.js';
import { ACCESS_TOKEN_ERRORS } from '../errors/error-catalog.js';
import { ErrorCode } from '../errors/error-code.enum.js';
import { toErrorBody } from '../errors/error-body.js';
import { toDomainError } from '../errors/to-domain-error.js';
import { OAuthError, toOAuthError } from '../../oauth/oauth-error.js';

/** Produces the single error body of the API for every failure, whatever threw it. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const path = String(host.switchToHttp().getRequest<{ url?: string }>().url ?? '');
    if (path.startsWith('/oauth/')) return this.replyOAuth(exception, host);
    const error = toDomainError(exception) ?? this.unexpected(exception);
    this.reply(host, toErrorBody(error), error.status, this.headersFor(error));
  }

  /** RFC 6749 §5.2 bodies on the OAuth endpoints, which OAuth client libraries parse strictly. */
  private replyOAuth(exception: unknown, host: ArgumentsHost): void {
    const domainError = exception instanceof OAuthError ? undefined : toDomainError(exception);
    if (!domainError && !(exception instanceof OAuthError)) this.unexpected(exception);
    const error = exception instanceof OAuthError ? exception : toOAuthError(domainError);
    this.reply(host, error.body(), error.status, { ...error.headers, 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  private reply(host: ArgumentsHost, body: object, status: number, headers: Record<string, string>): void {
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, status);
  }

  private unexpected(exception: unknown): DomainError {
    // The error's kind and stack frames only: messages of driver errors quote SQL values, which may be secrets.
    const name = exception instanceof Error ? exception.name : typeof exception;
    const frames = exception instanceof Error ? (exception.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : '';
    this.logger.error(`Unhandled ${name}\n${frames}`);
    return new DomainError(ErrorCode.INTERNAL_ERROR);
  }

  private headersFor(error: DomainError): Record<string, string> {
    const headers = { ...error.headers };
    if (ACCESS_TOKEN_ERRORS.has(error.code)) headers['WWW-Authenticate'] = bearerChallenge(error);
    return headers;
  }
}

/** RFC 6750 §3: no error attribute when credentials were simply missing. */
function bearerChallenge(error: DomainError): string {
  const realm = 'Bearer realm="autorenew"';
  if (error.code === ErrorCode.TOKEN_MISSING) return realm;
  return `${realm}, error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`;
}
