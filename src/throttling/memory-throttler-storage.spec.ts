import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import { MemoryThrottlerStorage } from './memory-throttler-storage.js';

const MINUTE = 60_000;

describe('MemoryThrottlerStorage', () => {
  describe('increment', () => {
    it('counts hits in a window and blocks the key past the limit until the block expires', async () => {
      const clock = new FakeClock();
      const sut = new MemoryThrottlerStorage(clock);
      for (let i = 1; i <= 3; i += 1)
        expect(await sut.increment('k', MINUTE, 3, 5 * MINUTE, 'n')).toMatchObject({ totalHits: i, isBlocked: false });
      expect(await sut.increment('k', MINUTE, 3, 5 * MINUTE, 'n')).toMatchObject({ isBlocked: true, timeToBlockExpire: 300 });
      clock.advance(5 * MINUTE - 1000);
      expect(await sut.increment('k', MINUTE, 3, 5 * MINUTE, 'n')).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
      clock.advance(1000);
      expect(await sut.increment('k', MINUTE, 3, 5 * MINUTE, 'n')).toMatchObject({ isBlocked: false, totalHits: 1 });
    });

    it('forgets hits older than the window', async () => {
      const clock = new FakeClock();
      const sut = new MemoryThrottlerStorage(clock);
      await sut.increment('k', MINUTE, 2, MINUTE, 'n');
      await sut.increment('k', MINUTE, 2, MINUTE, 'n');
      clock.advance(MINUTE);
      expect(await sut.increment('k', MINUTE, 2, MINUTE, 'n')).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('shares the block of a key across throttler names, so another name can observe it', async () => {
      const sut = new MemoryThrottlerStorage(new FakeClock());
      await sut.increment('k', MINUTE, 0, MINUTE, 'failures');
      expect(await sut.increment('k', MINUTE, Number.MAX_SAFE_INTEGER, MINUTE, 'peek')).toMatchObject({ isBlocked: true });
      expect(await sut.increment('other', MINUTE, Number.MAX_SAFE_INTEGER, MINUTE, 'peek')).toMatchObject({ isBlocked: false });
    });
  });

  describe('bounds', () => {
    it('tracks at most its key limit, however many distinct keys are sent', async () => {
      const sut = new MemoryThrottlerStorage(new FakeClock(), 1000);
      for (let i = 0; i < 50_000; i += 1) await sut.increment(`ip:${i}`, MINUTE, 5, MINUTE, 'n');
      expect(sut.size).toBe(1000);
    });

    it('counts any number of hits in one window under one key', async () => {
      const sut = new MemoryThrottlerStorage(new FakeClock());
      for (let i = 0; i < 10_000; i += 1) await sut.increment('k', MINUTE, Number.MAX_SAFE_INTEGER, MINUTE, 'peek');
      expect(await sut.increment('k', MINUTE, Number.MAX_SAFE_INTEGER, MINUTE, 'peek')).toMatchObject({ totalHits: 10_001 });
      expect(sut.size).toBe(1);
    });
  });
});
