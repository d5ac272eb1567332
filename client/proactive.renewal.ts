import { Clock } from './client.clock.js';
import { HeldSession } from './held-session.js';
import { RenewalScheduler } from './renewal.scheduler.js';
import { leadMs, renewAfterMs } from './timing.js';
import type { AuthClientOptions } from './types.js';

/**
 * When to renew before expiry: the deadline for the held pair (with jitter), re-checked on waking, and
 * paused while the user is idle, so an idle client lets the session lapse as the server's idle timeout
 * intends. Renewal after a 401 happens either way; this only decides the proactive one.
 */
export class ProactiveRenewal {
  private readonly scheduler: RenewalScheduler;
  private lastActive: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: AuthClientOptions,
    private readonly held: HeldSession,
    private readonly renew: () => Promise<unknown>,
    private readonly isStopped: () => boolean,
  ) {
    this.lastActive = clock.monotonic();
    this.scheduler = new RenewalScheduler(clock, {
      due: () => void this.renew().catch(() => undefined),
      rearm: () => this.schedule(),
      wake: () => void this.checkDeadline(),
    });
  }

  markActive(): void {
    const wasIdle = this.isIdle();
    this.lastActive = this.clock.monotonic();
    if (wasIdle && this.held.current) this.schedule();
  }

  isIdle(): boolean {
    return this.options.idleTimeout !== undefined && this.clock.monotonic() - this.lastActive > this.options.idleTimeout;
  }

  /** Arms the timer for the held pair's renewal deadline, replacing any earlier one. */
  schedule(): void {
    this.scheduler.cancel();
    const session = this.held.current;
    if (!session || this.isStopped() || this.options.proactive === false || this.isIdle()) return;
    const dueMono = this.held.dueAt(renewAfterMs(session.expiresIn, this.options.leadSeconds, () => this.clock.random()));
    this.scheduler.arm(dueMono - this.clock.monotonic());
  }

  cancel(): void {
    this.scheduler.cancel();
  }

  stop(): void {
    this.scheduler.stop();
  }

  private async checkDeadline(): Promise<void> {
    const session = this.held.current;
    if (!session || this.isIdle() || this.options.proactive === false) return;
    if (this.held.remainingMs() < leadMs(session.expiresIn, this.options.leadSeconds)) await this.renew().catch(() => undefined);
    else this.schedule();
  }
}
