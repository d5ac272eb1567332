import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';
import { Clock } from '../common/clock/clock.js';
import { AttemptStore, ThrottlerStorageRecord } from './throttler-storage-record.js';

interface Window {
  hits: number;
  endsAt: number;
}

interface KeyRecord {
  windows: Map<string, Window>;
  blockedUntil: number;
}

/**
 * Hard bound on tracked keys (accounts and IP prefixes). About 200 bytes each, so at most ~20 MB
 * whatever an attacker sends; past it the least recently touched key is forgotten (docs/security.md).
 */
export const MAX_THROTTLE_KEYS = 100_000;

/**
 * @nestjs/throttler's storage contract for one instance: a count per key and throttler name in a fixed
 * window (started by the key's first hit) and a block that belongs to the key, on our injectable clock.
 * Counts, not timestamps, in a bounded LRU: no sequence of requests grows memory without limit.
 * With REDIS_URL, RedisThrottlerStorage keeps the same semantics for all instances.
 */
@Injectable()
export class MemoryThrottlerStorage implements ThrottlerStorage, AttemptStore {
  private readonly records: LRUCache<string, KeyRecord>;

  constructor(
    private readonly clock: Clock,
    maxKeys: number = MAX_THROTTLE_KEYS,
  ) {
    this.records = new LRUCache<string, KeyRecord>({ max: maxKeys });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock.nowMs();
    const record = this.records.get(key) ?? { windows: new Map<string, Window>(), blockedUntil: 0 };
    this.records.set(key, record);
    // A block that has ended leaves no count behind: the key starts afresh.
    if (record.blockedUntil !== 0 && record.blockedUntil <= now) record.blockedUntil = 0;
    const isBlocked = record.blockedUntil > now;
    let window = record.windows.get(throttlerName);
    if (!window || window.endsAt <= now) window = { hits: 0, endsAt: now + ttl };
    record.windows.set(throttlerName, window);
    if (!isBlocked) window.hits += 1;
    if (!isBlocked && window.hits > limit) {
      record.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      record.windows.clear();
    }
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked: record.blockedUntil > now,
      timeToBlockExpire: Math.max(0, Math.ceil((record.blockedUntil - now) / 1000)),
    };
  }

  async decrement(key: string, throttlerName: string): Promise<void> {
    const window = this.records.get(key)?.windows.get(throttlerName);
    if (window && window.hits > 0) window.hits -= 1;
  }

  async clear(): Promise<void> {
    this.records.clear();
  }

  get size(): number {
    return this.records.size;
  }
}
