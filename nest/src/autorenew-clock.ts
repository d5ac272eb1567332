/**
 * The package's one source of "now" for token expiry, cache lifetimes and the key-refetch limit, so an
 * app's tests can move time instead of sleeping: `overrideProvider(AutorenewClock)`.
 */
export abstract class AutorenewClock {
  /** Epoch milliseconds. */
  abstract nowMs(): number;
}

export class SystemAutorenewClock extends AutorenewClock {
  nowMs(): number {
    return Date.now();
  }
}
