import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Clock } from './clock/clock.js';
import { SystemClock } from './clock/system-clock.js';
import { AllExceptionsFilter } from './filters/all-exceptions.filter.js';
import { createValidationPipe } from './validation/validation.pipe.js';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [Clock],
})
export class CommonModule {}
