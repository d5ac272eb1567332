/**
 * The one source of "now" for every time-dependent rule (token expiry, idle timeout, grace windows),
 * so tests move time instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}
