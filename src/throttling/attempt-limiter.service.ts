import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { Metrics } from '../metrics/metrics.js';
import { AttemptRule } from './attempt-limits.js';
import type { AttemptStore } from './throttler-storage-record.js';
import { THROTTLER_STORAGE } from './throttler-storage.token.js';

/** One rule applied to one subject (an account or an IP address). */
export type AttemptCheck = [rule: AttemptRule, subject: string | null];

/** Observes a key without counting toward its limit: a hit under a name whose limit is never reached. */
const PEEK = { name: 'peek', limit: Number.MAX_SAFE_INTEGER };
/** Attempts under way or failed, counted before the expensive check they guard. */
const ATTEMPTS = 'attempts';

/** An attempt counted before its check: settle it with the check's outcome. */
export interface Reservation {
  /** The check passed: the attempt is taken back and costs nothing. */
  succeeded(): Promise<void>;
  /** The check failed: it stays counted, and the keys block once failures reach the limit. Answers whether any key is now blocked. */
  failed(): Promise<boolean>;
}

@Injectable()
export class AttemptLimiter {
  constructor(
    @Inject(THROTTLER_STORAGE) private readonly storage: AttemptStore,
    private readonly metrics: Metrics,
  ) {}

  /** Refuses with 429 TOO_MANY_REQUESTS and Retry-After while any of the keys is blocked. */
  async assertAllowed(checks: AttemptCheck[]): Promise<void> {
    let retryAfter = 0;
    let limiter = '';
    for (const [rule, subject] of checks) {
      const record = await this.storage.increment(
        keyOf(rule, subject),
        rule.windowSeconds * 1000,
        PEEK.limit,
        rule.blockSeconds * 1000,
        PEEK.name,
      );
      if (!record.isBlocked || Math.max(record.timeToBlockExpire, 1) <= retryAfter) continue;
      retryAfter = Math.max(record.timeToBlockExpire, 1);
      limiter = rule.name;
    }
    if (retryAfter > 0) throw this.tooMany(retryAfter, limiter);
  }

  /** Answers whether any of the keys is now blocked. */
  async recordFailure(checks: AttemptCheck[]): Promise<boolean> {
    let blocked = false;
    for (const [rule, subject] of checks) {
      // The storage blocks once hits exceed its limit; we block once failures reach ours.
      const record = await this.storage.increment(
        keyOf(rule, subject),
        rule.windowSeconds * 1000,
        rule.limit - 1,
        rule.blockSeconds * 1000,
        rule.name,
      );
      blocked ||= record.isBlocked;
    }
    return blocked;
  }

  /**
   * Counts the attempt *before* the check it guards (a password hash), so a parallel burst gets no more
   * tries than the limit: failed and in-flight attempts together may not exceed it. An in-flight attempt
   * that succeeds is taken back. Refused with 429 while blocked or full.
   */
  async reserve(checks: AttemptCheck[]): Promise<Reservation> {
    await this.assertAllowed(checks);
    const taken: string[] = [];
    const takeBack = async () => {
      for (const key of taken) await this.storage.decrement(key, ATTEMPTS);
    };
    for (const [rule, subject] of checks) {
      const key = keyOf(rule, subject);
      const record = await this.storage.increment(key, rule.windowSeconds * 1000, PEEK.limit, 0, ATTEMPTS);
      // A key blocked meanwhile counted nothing: nothing of it to take back.
      if (!record.isBlocked) taken.push(key);
      if (record.isBlocked || record.totalHits > rule.limit) {
        await takeBack();
        throw this.tooMany(Math.max(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire, 1), rule.name);
      }
    }
    return { succeeded: takeBack, failed: () => this.recordFailure(checks) };
  }

  /** For limits on requests themselves (forgot-password): check, then count this one. */
  async consume(checks: AttemptCheck[]): Promise<void> {
    await this.assertAllowed(checks);
    await this.recordFailure(checks);
  }

  /** Counted here, where the refusing rule is known: its name is the `limiter` label of the 429s. */
  private tooMany(retryAfterSeconds: number, limiter: string): DomainError {
    this.metrics.throttled(limiter);
    return tooMany(retryAfterSeconds);
  }
}

function keyOf(rule: AttemptRule, subject: string | null): string {
  return `${rule.name}:${subject ?? 'unknown'}`;
}

function tooMany(retryAfterSeconds: number): DomainError {
  return new DomainError(ErrorCode.TOO_MANY_REQUESTS, {
    message: `Too many failed attempts; retry in ${retryAfterSeconds} seconds.`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}
