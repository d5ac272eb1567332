import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { RedisConnection } from '../redis/redis-connection.js';
import { AttemptLimiter } from './attempt-limiter.service.js';
import { MemoryThrottlerStorage } from './memory-throttler-storage.js';
import { RedisThrottlerStorage } from './redis-throttler-storage.js';
import { THROTTLER_STORAGE } from './throttler-storage.token.js';

/** Failure-based throttling for sign-in, refresh and password reset; no blanket per-IP limit. */
@Global()
@Module({
  providers: [
    {
      provide: THROTTLER_STORAGE,
      inject: [RedisConnection, Clock],
      useFactory: (redis: RedisConnection | null, clock: Clock) => {
        const memory = new MemoryThrottlerStorage(clock);
        return redis ? new RedisThrottlerStorage(redis, memory) : memory;
      },
    },
    AttemptLimiter,
  ],
  exports: [AttemptLimiter],
})
export class ThrottlingModule {}
