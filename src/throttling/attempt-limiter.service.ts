import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AttemptRule } from './attempt-limits.js';
import { THROTTLER_STORAGE } from './throttler-storage.token.js';

/** One rule applied to one subject (an account or an IP address). */
export type AttemptCheck = [rule: AttemptRule, subject: string | null];

/** Observes a key without counting toward its limit: a hit under a name whose limit is never reached. */
const PEEK = { name: 'peek', limit: Number.MAX_SAFE_INTEGER };

@Injectable()
export class AttemptLimiter {
  constructor(@Inject(THROTTLER_STORAGE) private readonly storage: ThrottlerStorage) {}

  /** Refuses with 429 TOO_MANY_REQUESTS and Retry-After while any of the keys is blocked. */
  async assertAllowed(checks: AttemptCheck[]): Promise<void> {
    let retryAfter = 0;
    for (const [rule, subject] of checks) {
      const record = await this.storage.increment(keyOf(rule, subject), rule.windowSeconds * 1000, PEEK.limit, rule.blockSeconds * 1000, PEEK.name);
      if (record.isBlocked) retryAfter = Math.max(retryAfter, record.timeToBlockExpire, 1);
    }
    if (retryAfter > 0) throw tooMany(retryAfter);
  }

  async recordFailure(checks: AttemptCheck[]): Promise<void> {
    for (const [rule, subject] of checks) {
      // The storage blocks once hits exceed its limit; we block once failures reach ours.
      await this.storage.increment(keyOf(rule, subject), rule.windowSeconds * 1000, rule.limit - 1, rule.blockSeconds * 1000, rule.name);
    }
  }

  /** For limits on requests themselves (forgot-password): check, then count this one. */
  async consume(checks: AttemptCheck[]): Promise<void> {
    await this.assertAllowed(checks);
    await this.recordFailure(checks);
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
