import type { Role } from '../identity/role.enum.js';

/** What the guard knows of a user: changed by a version bump, a role change, disabling or enabling. */
export interface UserAuthState {
  jwtVersion: number;
  role: Role;
  disabled: boolean;
}

/**
 * What the guard knows of a session. `expiresAt` is the session's end as session-policy.ts defines it
 * (`sessionEndMs`: idle expiry capped by the absolute one); it only ever moves later (a refresh slides it).
 */
export interface SessionAuthState {
  userId: string;
  revoked: boolean;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Both halves, as read in one join; `undefined` when no such session exists. */
export interface AuthState {
  session: SessionAuthState;
  user: UserAuthState;
}
