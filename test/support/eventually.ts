/**
 * Polls `probe` in real time until it answers true, and answers how many milliseconds that took; fails
 * after `limitMs`. For what crosses a real network (Redis pub/sub), where no injected clock applies.
 */
export async function within(limitMs: number, probe: () => Promise<boolean> | boolean, everyMs = 2): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
