import { describe, expect, it } from '@jest/globals';
import { sqlTime } from './sql-time.js';

describe('sqlTime', () => {
  it('formats in UTC with milliseconds', () => {
    expect(sqlTime(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02 03:04:05.678');
  });

  it('orders lexicographically like the instants it names', () => {
    const earlier = sqlTime(new Date('2026-01-02T09:59:59.999Z'));
    const later = sqlTime(new Date('2026-01-02T10:00:00.000Z'));
    expect(earlier < later).toBe(true);
  });
});
