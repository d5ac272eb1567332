import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, TimeoutError, catchError, throwError, timeout } from 'rxjs';
import { DomainError } from '../errors/domain.error.js';
import { ErrorCode } from '../errors/error-code.enum.js';

/** A hung database (a dropped packet rather than a refused connection) must not hang the client. */
export const REQUEST_TIMEOUT_MS = 8000;

@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout(REQUEST_TIMEOUT_MS),
      catchError((error: unknown) =>
        throwError(() => (error instanceof TimeoutError ? new DomainError(ErrorCode.SERVICE_UNAVAILABLE, { headers: { 'Retry-After': '5' } }) : error)),
      ),
    );
  }
}
