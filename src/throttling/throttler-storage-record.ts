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
