import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { ErrorReply } from './error-reply.js';
import { toHttpError } from './http-error.js';
import { RouteExceptionFilters } from './route-exception-filters.js';

/** Produces the single error body of the API for every failure, whatever threw it. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly reply: ErrorReply,
    private readonly routeFilters: RouteExceptionFilters,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // Errors raised before a route's handler reach only this filter; the route's own filter shapes them.
    const routeFilter = this.routeFilters.for(host.switchToHttp().getRequest(), exception);
    if (routeFilter) {
      routeFilter.catch(exception, host);
      return;
    }
    this.reply.send(
      host,
      toHttpError(exception, (unexpected) => this.reply.logUnexpected(unexpected, host)),
    );
  }
}
