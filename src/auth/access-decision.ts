import type { AuthState } from '../revocation/auth-state.js';
import { hasEnded } from '../sessions/session-policy.js';
import type { AccessTokenClaims } from './access-token-claims.js';

/**
 * `live`: the token speaks for its user. `revoked`: it never will again. `unsure`: the state may be
 * stale (the token is newer than it, or it says disabled or expired, which a refresh or re-enable can
 * undo): a cached state must be re-read; a fresh one means revoked.
 */
export type AccessDecision = 'live' | 'revoked' | 'unsure';

/** The guard's whole rule, in one place: `ver` is the user's current version and the session is live. */
export function decideAccess(claims: Pick<AccessTokenClaims, 'sub' | 'ver'>, state: AuthState | null, nowMs: number): AccessDecision {
  if (!state) return 'revoked';
  const { session, user } = state;
  // Versions only grow and revocation is final: these answers cannot be stale.
  if (session.userId !== claims.sub || session.revoked || claims.ver < user.jwtVersion) return 'revoked';
  if (claims.ver > user.jwtVersion || user.disabled || hasEnded(session.expiresAt, nowMs)) return 'unsure';
  return 'live';
}
