import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RedisConnection } from '../redis/redis-connection.js';
import { AuthStateCache } from './auth-state-cache.js';
import { InvalidationBus } from './invalidation-bus.js';
import { Invalidation, SERVICE_HEARTBEAT_PREFIX, decodeInvalidation, encodeInvalidation } from './invalidation.js';

/** Each instance publishes a heartbeat this often on the invalidation channel and expects to hear it back. */
export const HEARTBEAT_MS = 500;
/** Not hearing our own heartbeat for this long means messages may be lost: stop trusting the cache. */
export const HEARTBEAT_STALE_MS = 2000;

/**
 * Invalidations between instances over Redis pub/sub (at most once). The cache is trusted only while
 * this instance hears its own heartbeats on the channel: a closed or silently hung subscription turns
 * the cache off (every request reads the database) and it comes back empty. See docs/scaling.md.
 */
@Injectable()
export class RedisInvalidationBus extends InvalidationBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisInvalidationBus.name);
  /** Marked as the service's, so the product services' guards can tell it from their own (invalidation.ts). */
  private readonly heartbeat = `${SERVICE_HEARTBEAT_PREFIX}${randomUUID()}`;
  private readonly channel: string;
  private lastHeartbeatAt = -Infinity;
  private timer?: NodeJS.Timeout;
  /** A publish failed while we were cut off: others may have missed it, so tell them to forget all. */
  private owesFlush = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly cache: AuthStateCache,
  ) {
    super();
    this.channel = redis.key('invalidate');
    // Until the subscription proves itself, every lookup reads the database.
    cache.setEnabled(false);
  }

  onModuleInit(): void {
    this.redis.subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.channel) this.receive(raw);
    });
    this.redis.subscriber.on('close', () => this.markDown());
    this.redis.subscriber.subscribe(this.channel).catch(() => undefined);
    this.timer = setInterval(() => this.tick(), HEARTBEAT_MS);
    this.timer.unref();
    this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async announce(messages: Invalidation[]): Promise<void> {
    for (const message of messages) this.cache.apply(message);
    if (messages.length === 0) return;
    const ok = await this.publish(messages.map(encodeInvalidation).join(' '));
    if (!ok) {
      this.owesFlush = true;
      this.logger.warn('Could not publish an invalidation; other instances learn of it when Redis is back or within AUTH_CACHE_TTL');
    }
  }

  private receive(raw: string): void {
    if (raw === this.heartbeat) return this.heard();
    for (const part of raw.split(' ')) {
      const message = decodeInvalidation(part);
      if (message) this.cache.apply(message);
    }
  }

  private heard(): void {
    this.lastHeartbeatAt = performance.now();
    if (this.cache.isEnabled) return;
    // Back in touch: whatever was announced while we were away is unknown, so start from empty.
    this.cache.setEnabled(true);
    this.logger.log('Invalidation channel live: auth-state cache on');
  }

  private markDown(): void {
    if (!this.cache.isEnabled) return;
    this.cache.setEnabled(false);
    this.logger.warn('Invalidation channel lost: every request reads the database until it is back');
  }

  private tick(): void {
    if (performance.now() - this.lastHeartbeatAt > HEARTBEAT_STALE_MS) this.markDown();
    void this.publish(this.heartbeat).then(async (ok) => {
      if (ok && this.owesFlush && (await this.publish('*'))) this.owesFlush = false;
    });
  }

  private publish(payload: string): Promise<boolean> {
    return this.redis.commands.publish(this.channel, payload).then(
      () => true,
      () => false,
    );
  }
}
