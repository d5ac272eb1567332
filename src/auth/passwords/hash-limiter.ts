import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import type { HashPoolStats } from '../../metrics/metrics.js';

/**
 * Bounds concurrent argon2 work. Each hash holds 19 MiB for ~10 ms of CPU: unbounded, a burst of logins
 * would exhaust memory and starve every other request. Beyond `maxConcurrent` running and `maxQueued`
 * waiting, a request is refused at once with 503 and Retry-After instead of waiting.
 */
export class HashLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private rejected = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Read by the metrics at scrape time. */
  stats(): HashPoolStats {
    return { running: this.running, queued: this.waiting.length, rejected: this.rejected };
  }

  private acquire(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      this.rejected += 1;
      return Promise.reject(
        new DomainError(ErrorCode.SERVICE_UNAVAILABLE, {
          message: 'Too many sign-in requests at once; retry shortly.',
          headers: { 'Retry-After': '1' },
        }),
      );
    }
    // The slot passes directly to the next waiter, so `running` stays counted.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
