import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import { AppConfig } from '../config/app-config.js';
import { Role } from '../identity/role.enum.js';
import { AuthStateCache } from './auth-state-cache.js';
import { AuthState } from './auth-state.js';

const state = (userId = 'user-1', jwtVersion = 0): AuthState => ({
  session: { userId, revoked: false, expiresAt: 1_900_000_000_000 },
  user: { jwtVersion, role: Role.User, disabled: false },
});

function cacheOf(maxEntries = 1000, ttl = 30) {
  const clock = new FakeClock();
  return { sut: new AuthStateCache({ authCache: { ttl, maxEntries } } as AppConfig, clock), clock };
}

describe('AuthStateCache', () => {
  describe('fill', () => {
    it('serves what a read found', () => {
      const { sut } = cacheOf();
      sut.fill('s1', state(), sut.beginRead());
      expect(sut.get('s1')).toEqual(state());
    });

    it('remembers a session the database does not know, as null', () => {
      const { sut } = cacheOf();
      sut.fill('forged', undefined, sut.beginRead());
      expect(sut.get('forged')).toBeNull();
    });

    it('drops a read that began before an invalidation and ended after it (read/invalidate race)', () => {
      const { sut } = cacheOf();
      const epoch = sut.beginRead();
      // The database answered the old version; meanwhile a logout-all committed and was announced.
      sut.apply({ kind: 'user', id: 'user-1' });
      sut.fill('s1', state('user-1', 0), epoch);
      expect(sut.get('s1')).toBeUndefined();
      // The next read, begun after the invalidation, is cached.
      sut.fill('s1', state('user-1', 1), sut.beginRead());
      expect(sut.get('s1')?.user.jwtVersion).toBe(1);
    });

    it('drops a read that began before the cache was turned off and on again', () => {
      const { sut } = cacheOf();
      const epoch = sut.beginRead();
      sut.setEnabled(false);
      sut.setEnabled(true);
      sut.fill('s1', state(), epoch);
      expect(sut.get('s1')).toBeUndefined();
    });
  });

  describe('bounds', () => {
    it('keeps at most maxEntries sessions and users whatever is presented', () => {
      const { sut } = cacheOf(100);
      for (let i = 0; i < 10_000; i += 1) {
        sut.fill(`s${i}`, i % 2 ? undefined : state(`u${i}`), sut.beginRead());
      }
      expect(sut.stats()).toMatchObject({ sessions: 100 });
      expect(sut.stats().users).toBeLessThanOrEqual(100);
    });

    it('forgets entries after the safety-net TTL, on the injected clock', () => {
      const { sut, clock } = cacheOf(1000, 30);
      sut.fill('s1', state(), sut.beginRead());
      clock.advanceSeconds(30);
      expect(sut.get('s1')).toBeDefined();
      clock.advance(1);
      expect(sut.get('s1')).toBeUndefined();
    });
  });

  describe('apply', () => {
    it('drops one user, one session, or everything', () => {
      const { sut } = cacheOf();
      sut.fill('s1', state('user-1'), sut.beginRead());
      sut.fill('s2', state('user-2'), sut.beginRead());
      sut.apply({ kind: 'user', id: 'user-1' });
      expect(sut.get('s1')).toBeUndefined();
      expect(sut.get('s2')).toBeDefined();
      sut.apply({ kind: 'session', id: 's2' });
      expect(sut.get('s2')).toBeUndefined();
      sut.fill('s3', state('user-3'), sut.beginRead());
      sut.apply({ kind: 'all' });
      expect(sut.get('s3')).toBeUndefined();
    });
  });

  describe('setEnabled', () => {
    it('serves and stores nothing while off, and comes back empty', () => {
      const { sut } = cacheOf();
      sut.fill('s1', state(), sut.beginRead());
      sut.setEnabled(false);
      expect(sut.get('s1')).toBeUndefined();
      sut.fill('s2', state(), sut.beginRead());
      sut.setEnabled(true);
      expect(sut.get('s1')).toBeUndefined();
      expect(sut.get('s2')).toBeUndefined();
    });
  });
});
