import type { AccessTokenClaims } from '../auth/access-token-claims.js';
import type { FreshPrincipal } from '../auth/principal.service.js';
import type { Role } from '../identity/role.enum.js';

/** RFC 7662 §2.2 for a live access token, with what a resource server needs to build our principal. */
export interface ActiveIntrospection {
  active: true;
  sub: string;
  sid: string;
  /** The user's jwt_version the token was issued at. */
  ver: number;
  /** Read fresh with the session, as the guard does: a demotion shows at once. */
  role: Role;
  exp: number;
  /**
   * When the session ends (idle or absolute expiry, session-policy.ts), seconds since the epoch, rounded
   * down: a resource server must not trust a cached "active" past it, as that end is never announced.
   */
  session_exp: number;
  iat: number;
  iss: string;
  aud: string;
  token_type: 'Bearer';
}

/** §2.2: for anything else, only `active`, so the answer tells nothing about why. */
export interface InactiveIntrospection {
  active: false;
}

export type IntrospectionResponse = ActiveIntrospection | InactiveIntrospection;

export const INACTIVE: InactiveIntrospection = Object.freeze({ active: false });

export function toActiveIntrospection(claims: AccessTokenClaims, principal: FreshPrincipal): ActiveIntrospection {
  return {
    active: true,
    sub: principal.userId,
    sid: principal.sessionId,
    ver: claims.ver,
    role: principal.role,
    exp: claims.exp,
    session_exp: Math.floor(principal.sessionEndMs / 1000),
    iat: claims.iat,
    iss: claims.iss,
    aud: claims.aud,
    token_type: 'Bearer',
  };
}
