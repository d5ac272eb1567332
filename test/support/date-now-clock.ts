import { Clock } from '../../src/common/clock/clock.js';

/**
 * A clock reading Date.now, for specs whose client-side scheduler runs on jest's fake timers: one
 * faked timeline then drives the service and the client alike.
 */
export class DateNowClock extends Clock {
  now(): Date {
    return new Date(Date.now());
  }
}
