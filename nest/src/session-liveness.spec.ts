import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AccessTokenClaims } from './access-token-claims.js';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import { FakeAutorenewClock } from './fake-autorenew-clock.js';
import type { IntrospectionAnswer, IntrospectionClient } from './introspection.client.js';
import { LivenessCache } from './liveness-cache.js';
import { SessionLiveness } from './session-liveness.js';

const claims: AccessTokenClaims = { sub: 'user-1', sid: 'session-1', ver: 2, iat: 0, exp: 900, iss: 'autorenew', aud: 'autorenew-api' };
const ACTIVE: IntrospectionAnswer = { active: true, sub: 'user-1', sid: 'session-1', role: 'admin' };

describe('SessionLiveness', () => {
  let clock: FakeAutorenewClock;
  let cache: LivenessCache;
  let answer: () => Promise<IntrospectionAnswer>;
  let introspect: jest.Mock<(token: string) => Promise<IntrospectionAnswer>>;
  let sut: SessionLiveness;

  beforeEach(() => {
    clock = new FakeAutorenewClock();
    cache = new LivenessCache({ ttlMs: 5000, enabled: true }, clock);
    answer = async () => ACTIVE;
    introspect = jest.fn((_token: string) => answer());
    sut = new SessionLiveness(cache, { introspect } as unknown as IntrospectionClient);
  });

  describe('principalFor', () => {
    it('answers the principal with the role the service gave, then from the cache until the TTL', async () => {
      expect(await sut.principalFor('t', claims)).toEqual({ userId: 'user-1', sessionId: 'session-1', role: 'admin' });
      await sut.principalFor('t', claims);
      expect(introspect).toHaveBeenCalledTimes(1);
      clock.advance(5001);
      await sut.principalFor('t', claims);
      expect(introspect).toHaveBeenCalledTimes(2);
    });

    it("asks again once the session's end (session_exp) has come, before the TTL", async () => {
      answer = async () => ({ ...ACTIVE, sessionExp: Math.floor(clock.nowMs() / 1000) + 2 });
      await sut.principalFor('t', claims);
      clock.advance(1999);
      await sut.principalFor('t', claims);
      expect(introspect).toHaveBeenCalledTimes(1);
      clock.advance(1);
      await sut.principalFor('t', claims);
      expect(introspect).toHaveBeenCalledTimes(2);
    });

    it('refuses an inactive token with TOKEN_REVOKED and caches nothing', async () => {
      answer = async () => ({ active: false });
      await expect(Promise.resolve(sut.principalFor('t', claims))).rejects.toMatchObject({ code: AutorenewErrorCode.TOKEN_REVOKED });
      await expect(Promise.resolve(sut.principalFor('t', claims))).rejects.toMatchObject({ code: AutorenewErrorCode.TOKEN_REVOKED });
      expect(introspect).toHaveBeenCalledTimes(2);
    });

    it('refuses an active answer about another session', async () => {
      answer = async () => ({ ...ACTIVE, sid: 'session-2' });
      await expect(Promise.resolve(sut.principalFor('t', claims))).rejects.toMatchObject({ code: AutorenewErrorCode.TOKEN_REVOKED });
    });

    it('passes on AUTH_SERVICE_UNAVAILABLE (fail closed) and caches nothing', async () => {
      answer = async () => Promise.reject(new AutorenewAuthError(AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE));
      await expect(Promise.resolve(sut.principalFor('t', claims))).rejects.toMatchObject({ status: 503 });
      answer = async () => ACTIVE;
      expect((await sut.principalFor('t', claims)).role).toBe('admin');
    });

    it('makes one introspection call for concurrent requests with the same token', async () => {
      let release!: () => void;
      answer = () => new Promise((resolve) => (release = () => resolve(ACTIVE)));
      const requests = [sut.principalFor('t', claims), sut.principalFor('t', claims), sut.principalFor('t', claims)];
      release();
      expect((await Promise.all(requests.map((request) => Promise.resolve(request)))).map((p) => p.userId)).toEqual([
        'user-1',
        'user-1',
        'user-1',
      ]);
      expect(introspect).toHaveBeenCalledTimes(1);
    });

    it('does not let a request that began after a revocation ride on a call begun before it', async () => {
      const releases: Array<(answer: IntrospectionAnswer) => void> = [];
      answer = () => new Promise((resolve) => releases.push(resolve));
      const before = sut.principalFor('t', claims);
      cache.apply({ kind: 'session', id: 'session-1' });
      const after = Promise.resolve(sut.principalFor('t', claims));
      expect(introspect).toHaveBeenCalledTimes(2);
      releases[0](ACTIVE);
      releases[1]({ active: false });
      expect((await before).userId).toBe('user-1');
      await expect(after).rejects.toMatchObject({ code: AutorenewErrorCode.TOKEN_REVOKED });
      // The stale "active" was not cached either.
      answer = async () => ({ active: false });
      await expect(Promise.resolve(sut.principalFor('t', claims))).rejects.toMatchObject({ code: AutorenewErrorCode.TOKEN_REVOKED });
    });
  });
});
