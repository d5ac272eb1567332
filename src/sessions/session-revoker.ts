import type { RevocationCause } from '../metrics/metrics.js';

/**
 * What sessions/ needs from the one revocation path (RevocationService): end sessions and let every
 * instance's cache hear it after commit. Declared here and provided by the revocation module, because
 * revocation/ reads the session rows and their policy; sessions/ importing RevocationService back would
 * make the two folders a cycle (scripts/check-boundaries.mjs).
 */
export abstract class SessionRevoker {
  /** Ends the given sessions of a user; answers how many were still unrevoked. */
  abstract revokeSessions(userId: string, sessionIds: string[], cause: RevocationCause): Promise<number>;

  /** Ends one session (logout, refresh-token reuse); true when this call ended it. */
  abstract revokeSession(sessionId: string, cause: RevocationCause): Promise<boolean>;
}
