import { Clock } from './client.clock.js';
import type { StoredSession } from './types.js';

/**
 * The pair this client holds, and how much of its lifetime is left. Time left is measured on the
 * monotonic clock and on the device clock, whichever says less: the monotonic one ignores clock changes,
 * the device one keeps running while the device sleeps.
 */
export class HeldSession {
  private held?: StoredSession;
  /** Monotonic time at which `held` arrived (or was adopted). */
  private receivedMono = 0;

  constructor(private readonly clock: Clock) {}

  get current(): StoredSession | undefined {
    return this.held;
  }

  hold(session: StoredSession): void {
    this.held = session;
    // A pair adopted from another tab is already partly used: count from its own arrival.
    this.receivedMono = this.clock.monotonic() - Math.max(0, this.clock.wall() - session.receivedAt);
  }

  release(): void {
    this.held = undefined;
  }

  /** Milliseconds since the held pair arrived, on the monotonic clock. */
  ageMs(): number {
    return this.clock.monotonic() - this.receivedMono;
  }

  /** Monotonic time at which a pair received at `receivedMono` should be renewed, `afterMs` after receipt. */
  dueAt(afterMs: number): number {
    return this.receivedMono + afterMs;
  }

  /** Time left on the held pair, by the monotonic clock or the wall clock, whichever says less (sleep). */
  remainingMs(): number {
    if (!this.held) return 0;
    const wallElapsed = this.clock.wall() - this.held.receivedAt;
    return this.held.expiresIn * 1000 - Math.max(this.ageMs(), wallElapsed);
  }

  /** Time left on a stored pair we do not hold (yet), by the wall clock: another tab received it. */
  remainingFor(session: StoredSession): number {
    return session.expiresIn * 1000 - (this.clock.wall() - session.receivedAt);
  }
}
