import { jest } from '@jest/globals';

export interface Pause {
  /** Resolves once `count` calls are being held. */
  arrived: Promise<void>;
  release(): void;
  calls(): number;
}

/**
 * Holds the first `count` calls of `object[method]` until released, to make a race happen
 * deterministically instead of hoping the scheduler interleaves requests. With `hold: 'after'` the call
 * does its work first and only its answer is held; with `'before'` it starts once released.
 */
export function pauseMethod<T extends object>(
  object: T,
  method: keyof T & string,
  options: { count?: number; hold?: 'before' | 'after' } = {},
): Pause {
  const { count = 1, hold = 'after' } = options;
  let release!: () => void;
  let arrive!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const original = (object[method] as (...args: unknown[]) => Promise<unknown>).bind(object);
  let entered = 0;
  let held = 0;
  let total = 0;
  const holdHere = async () => {
    held += 1;
    if (held === count) arrive();
    await gate;
  };
  jest.spyOn(object as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(async (...args: unknown[]) => {
    total += 1;
    if (entered >= count) return original(...args);
    entered += 1;
    if (hold === 'before') {
      await holdHere();
      return original(...args);
    }
    // Counted as arrived only once its work is done, so every held call has really read before release.
    const result = await original(...args);
    await holdHere();
    return result;
  });
  return { arrived, release, calls: () => total };
}

/** Resolves once `object[method]` has been called; the call itself goes on unhindered. */
export function whenCalled<T extends object>(object: T, method: keyof T & string): Promise<void> {
  const original = (object[method] as (...args: unknown[]) => unknown).bind(object);
  return new Promise<void>((resolve) => {
    jest.spyOn(object as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation((...args: unknown[]) => {
      resolve();
      return original(...args);
    });
  });
}
