import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { SessionAuthState, SessionsRepository } from '../sessions/sessions.repository.js';
import { Role } from '../users/role.enum.js';
import { AccessTokenClaims } from './access-token-claims.js';
import { PrincipalService } from './principal.service.js';

const clock = new FakeClock(new Date('2026-06-01T12:00:00Z'));
const claims: AccessTokenClaims = { sub: 'user-1', sid: 'session-1', ver: 2, iat: 0, exp: 0, iss: 'autorenew', aud: 'autorenew' };
const liveState: SessionAuthState = { userId: 'user-1', role: Role.User, jwtVersion: 2, userDisabled: false, revokedAt: null, expiresAt: new Date('2026-06-02T00:00:00Z') };

function sutWith(state: SessionAuthState | undefined): PrincipalService {
  const repository = { findAuthState: async () => state } as unknown as SessionsRepository;
  return new PrincipalService(repository, clock, {} as never);
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: DomainError) => error.code,
  );
}

describe('PrincipalService', () => {
  describe('resolve', () => {
    it('answers the principal when the version matches and the session is live', async () => {
      await expect(sutWith(liveState).resolve(claims)).resolves.toEqual({ userId: 'user-1', sessionId: 'session-1', role: Role.User });
    });

    it('revokes every token of an older or newer version', async () => {
      expect(await codeOf(sutWith({ ...liveState, jwtVersion: 3 }).resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith({ ...liveState, jwtVersion: 1 }).resolve(claims))).toBe('TOKEN_REVOKED');
    });

    it('revokes every token of a disabled user', async () => {
      expect(await codeOf(sutWith({ ...liveState, userDisabled: true }).resolve(claims))).toBe('TOKEN_REVOKED');
    });

    it('carries the role read with the session', async () => {
      await expect(sutWith({ ...liveState, role: Role.Admin }).resolve(claims)).resolves.toMatchObject({ role: Role.Admin });
    });

    it('revokes tokens of an unknown, revoked, expired or foreign session', async () => {
      expect(await codeOf(sutWith(undefined).resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith({ ...liveState, revokedAt: new Date() }).resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith({ ...liveState, expiresAt: clock.now() }).resolve(claims))).toBe('TOKEN_REVOKED');
      expect(await codeOf(sutWith({ ...liveState, userId: 'user-2' }).resolve(claims))).toBe('TOKEN_REVOKED');
    });
  });
});
