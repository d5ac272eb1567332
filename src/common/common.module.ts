import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { Clock } from './clock/clock.js';
import { SystemClock } from './clock/system-clock.js';
import { AllExceptionsFilter } from './filters/all-exceptions.filter.js';
import { ErrorReply } from './filters/error-reply.js';
import { RouteExceptionFilters } from './filters/route-exception-filters.js';
import { createValidationPipe } from './validation/validation.pipe.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: Clock, useClass: SystemClock },
    ErrorReply,
    RouteExceptionFilters,
    AllExceptionsFilter,
    { provide: APP_FILTER, useExisting: AllExceptionsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [Clock, ErrorReply],
})
export class CommonModule {}
