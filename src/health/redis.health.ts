import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisConnection } from '../redis/redis-connection.js';

/**
 * Redis for terminus, asked only when REDIS_URL is set. The command connection has no offline queue and
 * a short command timeout, so an unreachable Redis answers `down` at once instead of hanging the probe.
 * The error itself is not reported: it names hosts and ports.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(RedisConnection) private readonly redis: RedisConnection | null,
  ) {}

  get isConfigured(): boolean {
    return this.redis !== null;
  }

  async check(key: 'redis'): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check(key);
    const up = await this.redis?.commands.ping().then(
      () => true,
      () => false,
    );
    return up ? indicator.up() : indicator.down();
  }
}
