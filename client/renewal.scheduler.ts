import { Clock, instant } from './client.clock.js';
import { clampDelay } from './timing.js';

const HEARTBEAT_MS = 30_000;
/** The wall clock running this far ahead of the monotonic one between two beats means the device slept. */
const SLEEP_THRESHOLD_MS = 5_000;

export interface SchedulerHandlers {
  /** The renewal deadline has come. */
  due(): void;
  /** A delay beyond the timer maximum ran out: compute the deadline again. */
  rearm(): void;
  /** The device may have slept or the tab was hidden: deadlines may have passed unnoticed. */
  wake(): void;
}

/** The renewal timer, and the signals that a deadline may have been missed while asleep. */
export class RenewalScheduler {
  private timer?: ReturnType<typeof setTimeout>;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private lastBeat;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly handlers: SchedulerHandlers,
  ) {
    this.listenForWakeEvents();
    this.lastBeat = instant(clock);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    (this.heartbeat as { unref?: () => void }).unref?.();
  }

  /** Fires `due` in `delay` ms (at least a second); clamped and re-armed, since a delay beyond the timer maximum would fire at once (a storm). */
  arm(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => (delay > clampDelay(delay) ? this.handlers.rearm() : this.handlers.due()),
      clampDelay(Math.max(delay, 1000)),
    );
    (this.timer as { unref?: () => void }).unref?.();
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Browsers: wake events. */
  private listenForWakeEvents(): void {
    const wake = () => this.handlers.wake();
    const target = globalThis as {
      addEventListener?: (type: string, listener: () => void) => void;
      removeEventListener?: (type: string, listener: () => void) => void;
      document?: unknown;
    };
    if (!target.document || !target.addEventListener) return;
    for (const type of ['visibilitychange', 'focus', 'online']) {
      target.addEventListener(type, wake);
      this.cleanups.push(() => target.removeEventListener?.(type, wake));
    }
  }

  /** Node (and browsers too): a heartbeat that notices the process slept, the wall clock having jumped ahead. */
  private beat(): void {
    const beat = instant(this.clock);
    const slept = beat.wall - this.lastBeat.wall - (beat.mono - this.lastBeat.mono) > SLEEP_THRESHOLD_MS;
    this.lastBeat = beat;
    if (slept) this.handlers.wake();
  }
}
