import { describe, expect, it } from '@jest/globals';
import {
  MAX_TIMER_DELAY,
  backoffMs,
  checkRefreshTimeout,
  clampDelay,
  leadMs,
  parseRetryAfter,
  renewAfterMs,
  retryDelayMs,
} from './timing.js';

describe('leadMs', () => {
  it('defaults to the smaller of 60 s and a tenth of the lifetime', () => {
    expect(leadMs(900)).toBe(60_000);
    expect(leadMs(100)).toBe(10_000);
  });

  it('never exceeds half the lifetime, whatever the caller asks', () => {
    expect(leadMs(10, 120)).toBe(5_000);
  });
});

describe('renewAfterMs', () => {
  it('subtracts the lead and up to a fifth of it as jitter', () => {
    expect(renewAfterMs(900, undefined, () => 0)).toBe(840_000);
    expect(renewAfterMs(900, undefined, () => 1)).toBe(828_000);
  });
});

describe('clampDelay', () => {
  it('keeps delays within what setTimeout can hold', () => {
    expect(clampDelay(2 ** 40)).toBe(MAX_TIMER_DELAY);
    expect(clampDelay(-5)).toBe(0);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with full jitter, capped, and honours Retry-After', () => {
    expect(backoffMs(0, undefined, () => 1)).toBe(500);
    expect(backoffMs(3, undefined, () => 1)).toBe(4_000);
    expect(backoffMs(20, undefined, () => 1)).toBe(30_000);
    expect(backoffMs(0, 7, () => 0)).toBe(7_000);
    expect(backoffMs(0, 3600, () => 0)).toBe(600_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8);
  });
});

describe('checkRefreshTimeout', () => {
  it('accepts a timeout of at most half the grace window, any timeout without one, and nothing else', () => {
    expect(() => checkRefreshTimeout(4_000, 10)).not.toThrow();
    expect(() => checkRefreshTimeout(5_000, 10)).not.toThrow();
    expect(() => checkRefreshTimeout(5_001, 10)).toThrow(RangeError);
    expect(() => checkRefreshTimeout(60_000, 0)).not.toThrow();
    expect(() => checkRefreshTimeout(0, 10)).toThrow(RangeError);
    expect(() => checkRefreshTimeout(4_000, -1)).toThrow(RangeError);
  });
});

describe('retryDelayMs', () => {
  const window = { graceMs: 10_000, timeoutMs: 4_000 };

  it('is the plain backoff while every failure was a definite "not done"', () => {
    expect(retryDelayMs(0, 30, undefined, window, () => 0)).toBe(30_000);
  });

  it('shortens the backoff so that the retry is over before the grace window closes', () => {
    expect(retryDelayMs(5, undefined, 4_000, window, () => 1)).toBe(2_000);
  });

  it('gives up when no retry fits in the window any more, or Retry-After asks for longer than is left', () => {
    expect(retryDelayMs(0, undefined, 6_001, window, () => 0)).toBeUndefined();
    expect(retryDelayMs(0, 3, 4_000, window, () => 0)).toBeUndefined();
    expect(retryDelayMs(0, undefined, 0, { graceMs: 0, timeoutMs: 4_000 }, () => 0)).toBeUndefined();
  });
});
