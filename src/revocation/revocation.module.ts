import { Global, Module } from '@nestjs/common';
import { RedisConnection } from '../redis/redis-connection.js';
import { AuthStateCache } from './auth-state-cache.js';
import { AuthStateRepository } from './auth-state.repository.js';
import { AuthStateService } from './auth-state.service.js';
import { InvalidationBus } from './invalidation-bus.js';
import { LocalInvalidationBus } from './local-invalidation-bus.js';
import { RedisInvalidationBus } from './redis-invalidation-bus.js';
import { RevocationRepository } from './revocation.repository.js';
import { SessionRevoker } from '../sessions/session-revoker.js';
import { RevocationService } from './revocation.service.js';

/** Ending credentials and the guard's cached view of them, on one instance or across many (Redis). */
@Global()
@Module({
  providers: [
    AuthStateCache,
    AuthStateRepository,
    AuthStateService,
    RevocationRepository,
    RevocationService,
    { provide: SessionRevoker, useExisting: RevocationService },
    {
      provide: InvalidationBus,
      inject: [RedisConnection, AuthStateCache],
      useFactory: (redis: RedisConnection | null, cache: AuthStateCache) =>
        redis ? new RedisInvalidationBus(redis, cache) : new LocalInvalidationBus(cache),
    },
  ],
  exports: [AuthStateCache, AuthStateService, RevocationService, SessionRevoker],
})
export class RevocationModule {}
