/**
 * The one source of "now" for every time-dependent rule (token expiry, idle timeout, grace windows),
 * so tests move time instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Epoch milliseconds, without allocating a Date (the guard asks several times per request). */
  nowMs(): number {
    return this.now().getTime();
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
