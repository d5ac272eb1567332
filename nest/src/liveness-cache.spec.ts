import { beforeEach, describe, expect, it } from '@jest/globals';
import { FakeAutorenewClock } from './fake-autorenew-clock.js';
import { LiveSession, LivenessCache } from './liveness-cache.js';

const alice: LiveSession = { userId: 'alice', sessionId: 'a-phone', role: 'user', ver: 3 };
const alicesLaptop: LiveSession = { ...alice, sessionId: 'a-laptop' };
const bob: LiveSession = { userId: 'bob', sessionId: 'b-phone', role: 'admin', ver: 0 };
const claimsOf = (session: LiveSession) => ({ sub: session.userId, sid: session.sessionId, ver: session.ver });

describe('LivenessCache', () => {
  let clock: FakeAutorenewClock;
  let sut: LivenessCache;

  beforeEach(() => {
    clock = new FakeAutorenewClock();
    sut = new LivenessCache({ ttlMs: 5000, enabled: true }, clock);
    for (const session of [alice, alicesLaptop, bob]) sut.fill(session, sut.beginRead());
  });

  describe('get', () => {
    it('serves an answer only for the same user and token version', () => {
      expect(sut.get(claimsOf(alice))).toEqual(alice);
      expect(sut.get({ ...claimsOf(alice), ver: 4 })).toBeUndefined();
      expect(sut.get({ ...claimsOf(alice), ver: 2 })).toBeUndefined();
      expect(sut.get({ ...claimsOf(alice), sub: 'mallory' })).toBeUndefined();
    });

    it('forgets an answer after the TTL', () => {
      clock.advance(4999);
      expect(sut.get(claimsOf(alice))).toEqual(alice);
      clock.advance(2);
      expect(sut.get(claimsOf(alice))).toBeUndefined();
    });
  });

  describe('fill', () => {
    it("keeps an answer no longer than until the session's end, when that comes before the TTL", () => {
      sut.apply({ kind: 'all' });
      sut.fill(alice, sut.beginRead(), clock.nowMs() + 2000);
      sut.fill(bob, sut.beginRead(), clock.nowMs() + 60_000);
      clock.advance(1999);
      expect(sut.get(claimsOf(alice))).toEqual(alice);
      clock.advance(1);
      expect(sut.get(claimsOf(alice))).toBeUndefined();
      // A later end does not stretch the TTL (served up to and including 5000 ms, as above).
      clock.advance(3001);
      expect(sut.get(claimsOf(bob))).toBeUndefined();
    });

    it('stores nothing for a session whose end has come', () => {
      sut.apply({ kind: 'all' });
      sut.fill(alice, sut.beginRead(), clock.nowMs());
      expect(sut.get(claimsOf(alice))).toBeUndefined();
    });
  });

  describe('apply', () => {
    it('drops one session on s:<sessionId>', () => {
      sut.apply({ kind: 'session', id: 'a-phone' });
      expect(sut.get(claimsOf(alice))).toBeUndefined();
      expect(sut.get(claimsOf(alicesLaptop))).toEqual(alicesLaptop);
    });

    it("drops all of a user's sessions on u:<userId>", () => {
      sut.apply({ kind: 'user', id: 'alice' });
      expect(sut.get(claimsOf(alice))).toBeUndefined();
      expect(sut.get(claimsOf(alicesLaptop))).toBeUndefined();
      expect(sut.get(claimsOf(bob))).toEqual(bob);
    });

    it('drops everything on *', () => {
      sut.apply({ kind: 'all' });
      expect(sut.size).toBe(0);
    });

    it('never stores an answer whose introspection began before an invalidation', () => {
      sut.apply({ kind: 'all' });
      const epoch = sut.beginRead();
      sut.apply({ kind: 'session', id: 'a-phone' });
      sut.fill(alice, epoch);
      expect(sut.get(claimsOf(alice))).toBeUndefined();
    });
  });

  describe('setEnabled', () => {
    it('serves and stores nothing while off, and comes back empty', () => {
      sut.setEnabled(false);
      expect(sut.get(claimsOf(bob))).toBeUndefined();
      sut.fill(bob, sut.beginRead());
      sut.setEnabled(true);
      expect(sut.get(claimsOf(bob))).toBeUndefined();
    });
  });

  it('stays bounded whatever the number of sessions', () => {
    const small = new LivenessCache({ ttlMs: 5000, enabled: true, max: 100 }, clock);
    for (let i = 0; i < 1000; i += 1) small.fill({ ...alice, sessionId: `s-${i}` }, small.beginRead());
    expect(small.size).toBe(100);
  });
});
