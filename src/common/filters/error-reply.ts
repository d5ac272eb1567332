import { type ArgumentsHost, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { HttpError } from './http-error.js';
import { UnauthorizedCounter } from './unauthorized-counter.js';

/** What every exception filter does with the error it shaped: count, log the unexpected, reply. */
@Injectable()
export class ErrorReply {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly counter: UnauthorizedCounter,
  ) {}

  send(host: ArgumentsHost, { status, body, headers }: HttpError): void {
    // RFC 6749 bodies name their error `error`, ours `code`: either is a fixed vocabulary, fit for a label.
    if (status === 401)
      this.counter.unauthorized(String((body as { code?: string; error?: string }).code ?? (body as { error?: string }).error));
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    for (const [name, value] of Object.entries(headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, status);
  }

  logUnexpected(exception: unknown, host: ArgumentsHost): void {
    const requestId = host.switchToHttp().getRequest<{ id?: string }>().id;
    // The error's kind and stack frames only: messages of driver errors quote SQL values, which may be secrets.
    const name = exception instanceof Error ? exception.name : typeof exception;
    const frames =
      exception instanceof Error
        ? (exception.stack ?? '')
            .split('\n')
            .filter((line) => /^\s+at /.test(line))
            .join('\n')
        : '';
    this.logger.error(`Unhandled ${name} in request ${requestId ?? '-'}\n${frames}`);
  }
}
