import { describe, expect, it } from '@jest/globals';
import { isExpired, isWithinGrace, slidingExpiry } from './session-lifetime.js';

const at = (iso: string) => new Date(iso);

describe('slidingExpiry', () => {
  it('moves the idle expiry forward by the idle TTL', () => {
    expect(slidingExpiry(at('2026-01-01T00:00:00Z'), 3600, at('2026-02-01T00:00:00Z'))).toEqual(at('2026-01-01T01:00:00Z'));
  });

  it('never passes the absolute expiry', () => {
    expect(slidingExpiry(at('2026-01-31T23:30:00Z'), 3600, at('2026-02-01T00:00:00Z'))).toEqual(at('2026-02-01T00:00:00Z'));
  });
});

describe('isExpired', () => {
  const session = { expiresAt: at('2026-01-02T00:00:00Z'), maxExpiresAt: at('2026-01-03T00:00:00Z') };

  it('is live before the idle expiry', () => {
    expect(isExpired(session, at('2026-01-01T23:59:59.999Z'))).toBe(false);
  });

  it('ends at the idle expiry', () => {
    expect(isExpired(session, at('2026-01-02T00:00:00Z'))).toBe(true);
  });

  it('ends at the absolute expiry even when recently used', () => {
    expect(isExpired({ expiresAt: at('2026-01-05T00:00:00Z'), maxExpiresAt: session.maxExpiresAt }, at('2026-01-03T00:00:00Z'))).toBe(true);
  });
});

describe('isWithinGrace', () => {
  const rotatedAt = at('2026-01-01T00:00:00Z');

  it('accepts a retry just inside the window', () => {
    expect(isWithinGrace(rotatedAt, at('2026-01-01T00:00:09.999Z'), 10)).toBe(true);
  });

  it('refuses a retry at the edge of the window', () => {
    expect(isWithinGrace(rotatedAt, at('2026-01-01T00:00:10Z'), 10)).toBe(false);
  });

  it('is disabled by a grace of zero, even in the same millisecond', () => {
    expect(isWithinGrace(rotatedAt, rotatedAt, 0)).toBe(false);
  });

  it('refuses a session that was never rotated', () => {
    expect(isWithinGrace(null, rotatedAt, 10)).toBe(false);
  });
});
