import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Metrics } from '../../metrics/metrics.js';
import { toHttpError } from './http-error.js';

/** Produces the single error body of the API for every failure, whatever threw it. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<{ url?: string; id?: string }>();
    const { status, body, headers } = toHttpError(exception, String(request.url ?? ''), (unexpected) => this.logUnexpected(unexpected, request.id));
    // RFC 6749 bodies name their error `error`, ours `code`: either is a fixed vocabulary, fit for a label.
    if (status === 401) this.metrics.unauthorized(String((body as { code?: string; error?: string }).code ?? (body as { error?: string }).error));
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, status);
  }

  private logUnexpected(exception: unknown, requestId: string | undefined): void {
    // The error's kind and stack frames only: messages of driver errors quote SQL values, which may be secrets.
    const name = exception instanceof Error ? exception.name : typeof exception;
    const frames = exception instanceof Error ? (exception.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : '';
    this.logger.error(`Unhandled ${name} in request ${requestId ?? '-'}\n${frames}`);
  }
}
