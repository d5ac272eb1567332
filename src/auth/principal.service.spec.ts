import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { AppConfig } from '../config/app-config.js';
import { AuthStateCache } from '../revocation/auth-state-cache.js';
import { AuthState } from '../revocation/auth-state.js';
import { AuthStateRepository } from '../revocation/auth-state.repository.js';
import { AuthStateService } from '../revocation/auth-state.service.js';
import { Role } from '../identity/role.enum.js';
import { AccessTokenClaims } from './access-token-claims.js';
import { PrincipalService } from './principal.service.js';

const clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
const claims: AccessTokenClaims = { sub: 'user-1', sid: 'session-1', ver: 2, iat: 0, exp: 0, iss: 'autorenew', aud: 'autorenew' };
const liveState: AuthState = {
  session: { userId: 'user-1', revoked: false, expiresAt: new Date('2026-06-02T00:00:00Z').getTime() },
  user: { jwtVersion: 2, role: Role.User, disabled: false },
};
const config = { authCache: { ttl: 30, maxEntries: 1000 } } as AppConfig;

/** A database that answers `state` and counts how often it was asked. */
function databaseWith(state: AuthState | undefined) {
  const database = { state, reads: 0, find: async () => (database.reads++, database.state) };
  return database;
}

function sutWith(state: AuthState | undefined) {
  const database = databaseWith(state);
  const cache = new AuthStateCache(config, clock);
  const sut = new PrincipalService(new AuthStateService(cache, database as unknown as AuthStateRepository), clock, {} as never);
  return { sut, database, cache };
}

const withSession = (session: Partial<AuthState['session']>): AuthState => ({
  ...liveState,
  session: { ...liveState.session, ...session },
});
const withUser = (user: Partial<AuthState['user']>): AuthState => ({ ...liveState, user: { ...liveState.user, ...user } });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: DomainError) => error.code,
  );
}

describe('PrincipalService', () => {
  describe('resolve', () => {
    it('answers the principal when the version matches and the session is live', async () => {
      await expect(sutWith(liveState).sut.resolve(claims)).resolves.toEqual({ userId: 'user-1', sessionId: 'session-1', role: Role.User });
    });

    it('revokes every token of an older or newer version', async () => {
      expect(await codeOf(sutWith(withUser({ jwtVersion: 3 })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith(withUser({ jwtVersion: 1 })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
    });

    it('revokes every token of a disabled user', async () => {
      expect(await codeOf(sutWith(withUser({ disabled: true })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
    });

    it('carries the role read with the session', async () => {
      await expect(sutWith(withUser({ role: Role.Admin })).sut.resolve(claims)).resolves.toMatchObject({ role: Role.Admin });
    });

    it('revokes tokens of an unknown, revoked, expired or foreign session', async () => {
      expect(await codeOf(sutWith(undefined).sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith(withSession({ revoked: true })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith(withSession({ expiresAt: clock.now().getTime() })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith(withSession({ userId: 'user-2' })).sut.resolve(claims))).toBe('TOKEN_REVOKED');
    });

    it('answers repeated requests from the cache with a single database read', async () => {
      const { sut, database } = sutWith(liveState);
      for (let i = 0; i < 5; i += 1) await sut.resolve(claims);
      expect(database.reads).toBe(1);
    });

    it('rejects a token revoked in a cached state without reading the database again', async () => {
      const { sut, database } = sutWith(withUser({ jwtVersion: 3 }));
      expect(await codeOf(sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sut.resolve(claims))).toBe('TOKEN_REVOKED');
      expect(database.reads).toBe(1);
    });

    it('re-reads a cached state that a newer token or a slid expiry shows to be stale', async () => {
      const { sut, database } = sutWith(liveState);
      await sut.resolve(claims);
      database.state = withUser({ jwtVersion: 3 });
      await expect(sut.resolve({ ...claims, ver: 3 })).resolves.toMatchObject({ userId: 'user-1' });
      expect(database.reads).toBe(2);
      // A refresh moved the session's expiry on: the cached one has passed, the real one has not.
      database.state = withSession({ expiresAt: clock.now().getTime() + 60_000 });
      const stale = withSession({ expiresAt: clock.now().getTime() - 1 });
      const { sut: other, database: otherDatabase } = sutWith(stale);
      expect(await codeOf(other.resolve(claims))).toBe('TOKEN_REVOKED');
      otherDatabase.state = database.state;
      await expect(other.resolve(claims)).resolves.toMatchObject({ sessionId: 'session-1' });
    });

    it('sees an invalidated user at once', async () => {
      const { sut, database, cache } = sutWith(liveState);
      await sut.resolve(claims);
      database.state = withUser({ jwtVersion: 3 });
      cache.apply({ kind: 'user', id: 'user-1' });
      expect(await codeOf(sut.resolve(claims))).toBe('TOKEN_REVOKED');
    });
  });
});
