import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock/clock.js';

interface KeyRecord {
  hits: Map<string, number[]>;
  blockedUntil: number;
}

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const SWEEP_EVERY = 1000;

/**
 * @nestjs/throttler's storage contract with the semantics of its in-memory ThrottlerStorageService
 * (sliding window of hits per throttler name; the block belongs to the key), but reading time from our
 * injectable Clock so tests move time instead of sleeping. A Redis-backed ThrottlerStorage with the same
 * semantics can replace it for several instances.
 */
@Injectable()
export class ClockThrottlerStorage implements ThrottlerStorage {
  private readonly records = new Map<string, KeyRecord>();
  private calls = 0;

  constructor(private readonly clock: Clock) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now().getTime();
    this.sweepNow(now);
    const record = this.records.get(key) ?? { hits: new Map<string, number[]>(), blockedUntil: 0 };
    this.records.set(key, record);
    if (record.blockedUntil !== 0 && record.blockedUntil <= now) {
      record.blockedUntil = 0;
      record.hits.set(throttlerName, []);
    }
    const hits = (record.hits.get(throttlerName) ?? []).filter((expiresAt) => expiresAt > now);
    const isBlocked = record.blockedUntil > now;
    if (!isBlocked) hits.push(now + ttl);
    record.hits.set(throttlerName, hits);
    if (!isBlocked && hits.length > limit) record.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
    return {
      totalHits: hits.length,
      timeToExpire: Math.ceil((Math.max(...hits, now) - now) / 1000),
      isBlocked: record.blockedUntil > now,
      timeToBlockExpire: Math.max(0, Math.ceil((record.blockedUntil - now) / 1000)),
    };
  }

  /** Forgets every count and block (tests start from a clean slate). */
  clear(): void {
    this.records.clear();
  }

  /** Drops records with no live hit and no block, now and then, so memory stays bounded. */
  private sweepNow(now: number): void {
    this.calls += 1;
    if (this.calls % SWEEP_EVERY !== 0) return;
    for (const [key, record] of this.records) {
      const live = [...record.hits.values()].some((hits) => hits.some((expiresAt) => expiresAt > now));
      if (!live && record.blockedUntil <= now) this.records.delete(key);
    }
  }
}
