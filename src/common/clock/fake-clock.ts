import { Clock } from './clock.js';

/** A clock that only moves when told to; provided in place of SystemClock by tests. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
