import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PasswordHasher } from './auth/passwords/password-hasher.service.js';
import { RedisConnection } from './redis/redis-connection.js';
import { AuthStateCache } from './revocation/auth-state-cache.js';
import { Metrics } from './metrics/metrics.js';

/**
 * Points the scrape-time metrics at the state the service already keeps (cache counters, hashing pools,
 * Redis connections). Looked up once the app is built, so the features need not know about metrics. It
 * lives beside AppModule, which composes the features: metrics/ importing them would close a cycle with the
 * features that count through Metrics (scripts/check-boundaries.mjs).
 */
@Injectable()
export class MetricsSources implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.metrics.enabled) return;
    const cache = this.moduleRef.get(AuthStateCache, { strict: false });
    const hasher = this.moduleRef.get(PasswordHasher, { strict: false });
    const redis = this.moduleRef.get<RedisConnection | null>(RedisConnection, { strict: false });
    this.metrics.watch({
      authCache: () => {
        const stats = cache.stats();
        return { ...stats, lastInvalidationAgeSeconds: stats.lastInvalidationAgeMs / 1000 };
      },
      hashPools: () => hasher.poolStats(),
      redisConnected: redis
        ? () => ({ commands: redis.commands.status === 'ready', subscriber: redis.subscriber.status === 'ready' })
        : undefined,
    });
  }
}
