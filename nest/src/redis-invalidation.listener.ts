import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SERVICE_HEARTBEAT_PREFIX, decodeInvalidations } from './invalidation.js';
import type { LivenessCache } from './liveness-cache.js';

/** As the service's instances do: a heartbeat this often on the channel, expected back. */
export const HEARTBEAT_MS = 500;
/** Not hearing our own heartbeat, or the service's, for this long means messages may be lost: stop trusting the cache. */
export const HEARTBEAT_STALE_MS = 2000;

/**
 * Listens on the service's own invalidation channel (`<keyPrefix>invalidate`) and drops cached answers
 * the moment the service announces a revocation. The cache is trusted only while this app hears, on that
 * channel, both its own heartbeat (our subscription works) and a heartbeat of one of the service's
 * instances (we listen where the service publishes, and it can publish): a closed or silently hung
 * subscription, a wrong `redisKeyPrefix` or Redis server, or a service cut off from Redis turns the cache
 * off (every request introspects), and it comes back empty. The service's instances ignore our heartbeats.
 * ioredis is loaded only here, only when `redisUrl` is set.
 */
export class RedisInvalidationListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AutorenewGuard');
  private readonly heartbeat = `hb:${randomUUID()}`;
  private readonly channel: string;
  private lastHeartbeatAt = -Infinity;
  private lastServiceHeartbeatAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis;
  private commands?: Redis;

  constructor(
    private readonly url: string,
    keyPrefix: string,
    private readonly cache: LivenessCache,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.channel = `${keyPrefix}invalidate`;
    cache.setEnabled(false);
  }

  async onModuleInit(): Promise<void> {
    const { Redis } = await import('ioredis');
    // No offline queue for commands: while Redis is away a heartbeat fails at once instead of piling up.
    this.commands = new Redis(this.url, { enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 0, lazyConnect: true });
    this.subscriber = new Redis(this.url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const client of [this.commands, this.subscriber]) {
      // ioredis reconnects by itself; an unhandled 'error' event would crash the host process.
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
      client.connect().catch(() => undefined);
    }
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.receive(payload);
    });
    this.subscriber.on('close', () => this.markDown());
    this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.timer = setInterval(() => this.tick(), HEARTBEAT_MS);
    this.timer.unref();
    this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.commands?.disconnect();
    this.subscriber?.disconnect();
  }

  receive(payload: string): void {
    if (payload === this.heartbeat) {
      this.lastHeartbeatAt = this.now();
      return this.heard();
    }
    if (payload.startsWith(SERVICE_HEARTBEAT_PREFIX)) {
      this.lastServiceHeartbeatAt = this.now();
      return this.heard();
    }
    for (const message of decodeInvalidations(payload)) this.cache.apply(message);
  }

  /** Checks the heartbeats' age and sends the next one. */
  tick(): void {
    if (!this.inTouch()) this.markDown();
    this.commands?.publish(this.channel, this.heartbeat).catch(() => undefined);
  }

  get heartbeatPayload(): string {
    return this.heartbeat;
  }

  /** Both heartbeats heard recently: ours (the subscription works) and the service's (it publishes here). */
  private inTouch(): boolean {
    const now = this.now();
    return now - this.lastHeartbeatAt <= HEARTBEAT_STALE_MS && now - this.lastServiceHeartbeatAt <= HEARTBEAT_STALE_MS;
  }

  private heard(): void {
    if (this.cache.isEnabled || !this.inTouch()) return;
    // Back in touch: what was announced while we were away is unknown, so the cache starts empty.
    this.cache.setEnabled(true);
    this.logger.log('Invalidation channel live: introspection answers are cached');
  }

  private markDown(): void {
    if (!this.cache.isEnabled) return;
    this.cache.setEnabled(false);
    this.logger.warn('Invalidation channel lost: every request is introspected until it is back');
  }
}
