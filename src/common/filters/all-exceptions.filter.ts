import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError } from '../errors/domain.error.js';
import { ACCESS_TOKEN_ERRORS } from '../errors/error-catalog.js';
import { ErrorCode } from '../errors/error-code.enum.js';
import { toErrorBody } from '../errors/error-body.js';
import { toDomainError } from '../errors/to-domain-error.js';

/** Produces the single error body of the API for every failure, whatever threw it. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toDomainError(exception) ?? this.unexpected(exception);
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(this.headersFor(error))) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.reply(response, toErrorBody(error), error.status);
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
