/** @nestjs/throttler's ThrottlerStorageRecord (times in whole seconds), which its storages answer. */
export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** Our storages can also forget everything (tests start from a clean slate). */
export interface ClearableThrottlerStorage {
  clear(): Promise<void>;
}

/**
 * What the attempt limiter needs beyond @nestjs/throttler's contract: taking back one hit, so an attempt
 * counted before its check (a reservation) costs nothing when the check succeeds.
 */
export interface AttemptStore extends ClearableThrottlerStorage {
  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord>;
  decrement(key: string, throttlerName: string): Promise<void>;
}
