import { AutorenewClock } from './autorenew-clock.js';

/** A clock that moves only when told to, for the package's own specs and for an app's tests. */
export class FakeAutorenewClock extends AutorenewClock {
  constructor(private current = Date.UTC(2027, 0, 1)) {
    super();
  }

  nowMs(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
