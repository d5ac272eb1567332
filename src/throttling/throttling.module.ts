import { Global, Module } from '@nestjs/common';
import { AttemptLimiter } from './attempt-limiter.service.js';
import { ClockThrottlerStorage } from './clock-throttler-storage.js';
import { THROTTLER_STORAGE } from './throttler-storage.token.js';

/** Failure-based throttling for sign-in, refresh and password reset; no blanket per-IP limit. */
@Global()
@Module({
  providers: [{ provide: THROTTLER_STORAGE, useClass: ClockThrottlerStorage }, AttemptLimiter],
  exports: [AttemptLimiter],
})
export class ThrottlingModule {}
