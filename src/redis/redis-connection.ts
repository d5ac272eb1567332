import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** A command that waits longer than this on a hung Redis fails, and its caller falls back. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * The service's two Redis connections: one for commands (publish, throttling counters) and one in
 * subscriber mode. Built only when REDIS_URL is set; see docs/scaling.md.
 */
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  readonly commands: Redis;
  readonly subscriber: Redis;

  constructor(
    url: string,
    readonly keyPrefix: string,
  ) {
    // No offline queue for commands: while Redis is away they fail at once instead of piling up in memory.
    this.commands = new Redis(url, {
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const [name, client] of [
      ['commands', this.commands],
      ['subscriber', this.subscriber],
    ] as const) {
      // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
      client.on('error', (error: Error) => this.logger.warn(`Redis ${name} connection: ${error.message}`));
    }
  }

  /** Starts connecting without waiting: the service boots and serves (from the database) while Redis is away. */
  connect(): void {
    for (const client of [this.commands, this.subscriber]) client.connect().catch(() => undefined);
  }

  key(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  onApplicationShutdown(): void {
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
