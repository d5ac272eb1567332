import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { RedisConnection } from '../redis/redis-connection.js';
import { MemoryThrottlerStorage } from './memory-throttler-storage.js';
import { AttemptStore, ThrottlerStorageRecord } from './throttler-storage-record.js';

/**
 * The semantics of MemoryThrottlerStorage in one atomic script, so N instances share one budget:
 * KEYS[1] counts hits of one throttler name in a window that expires on its own, KEYS[2] is the key's block.
 */
const INCREMENT_SCRIPT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return {hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

/** Takes back one hit, never below zero. */
const DECREMENT_SCRIPT = `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/**
 * Throttling counters in Redis when REDIS_URL is set. While Redis cannot answer, each instance counts in
 * its own bounded memory (so a Redis outage slows attackers per instance instead of failing logins).
 */
export class RedisThrottlerStorage implements ThrottlerStorage, AttemptStore {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private warnedAt = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly fallback: MemoryThrottlerStorage,
  ) {
    redis.commands.defineCommand('autorenewThrottle', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    redis.commands.defineCommand('autorenewThrottleTakeBack', { numberOfKeys: 1, lua: DECREMENT_SCRIPT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = this.baseKey(key);
    const block = blockDuration > 0 ? blockDuration : ttl;
    try {
      const [hits, ttlMs, blocked, blockMs] = (await this.script('autorenewThrottle')(
        `${base}:${throttlerName}`,
        `${base}:block`,
        ttl,
        Math.min(limit, Number.MAX_SAFE_INTEGER),
        block,
      )) as number[];
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(ttlMs / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockMs / 1000),
      };
    } catch (error) {
      this.warnOnce(error as Error);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async decrement(key: string, throttlerName: string): Promise<void> {
    try {
      await this.script('autorenewThrottleTakeBack')(`${this.baseKey(key)}:${throttlerName}`);
    } catch (error) {
      this.warnOnce(error as Error);
      await this.fallback.decrement(key, throttlerName);
    }
  }

  /** Hashed: keys hold emails and addresses, which have no business sitting in Redis in the clear. */
  private baseKey(key: string): string {
    return this.redis.key(`thr:${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`);
  }

  private script(name: string): (...args: unknown[]) => Promise<unknown> {
    const command = (this.redis.commands as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
    return (...args) => command.apply(this.redis.commands, args);
  }

  /** Deletes this deployment's counters (tests): SCAN, never KEYS, so a large Redis is not stalled. */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.commands.scan(cursor, 'MATCH', this.redis.key('thr:*'), 'COUNT', 1000);
      if (keys.length > 0) await this.redis.commands.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await this.fallback.clear();
  }

  private warnOnce(error: Error): void {
    const now = Date.now();
    if (now - this.warnedAt < 60_000) return;
    this.warnedAt = now;
    this.logger.warn(`Throttling counts in memory while Redis is unavailable: ${error.message}`);
  }
}
