/** The SDK's clocks, injectable so that tests can move them apart. */
export interface Clock {
  /** Monotonic milliseconds: never jumps with the device clock (but may pause while the device sleeps). */
  monotonic(): number;
  /** The device clock: wrong or changed by the user at times, yet it keeps moving during a sleep. */
  wall(): number;
  random(): number;
}

export interface Instant {
  mono: number;
  wall: number;
}

export const defaultClock: Clock = { monotonic: () => performance.now(), wall: () => Date.now(), random: Math.random };

export function instant(clock: Clock): Instant {
  return { mono: clock.monotonic(), wall: clock.wall() };
}

/** Real time since `mark`: the monotonic clock pauses while a device sleeps, the server's time does not. */
export function elapsedSince(clock: Clock, mark: Instant): number {
  return Math.max(clock.monotonic() - mark.mono, clock.wall() - mark.wall);
}

/** A wait that never keeps a Node process alive on its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}
