import { describe, expect, it } from '@jest/globals';
import { MAX_TIMER_DELAY, backoffMs, clampDelay, leadMs, parseRetryAfter, renewAfterMs } from './timing.js';

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
