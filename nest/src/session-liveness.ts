import type { AccessTokenClaims } from './access-token-claims.js';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { AutorenewPrincipal } from './autorenew-principal.js';
import type { IntrospectionClient } from './introspection.client.js';
import type { LiveSession, LivenessCache } from './liveness-cache.js';

/**
 * "Is this verified token still live?": the cache when it may answer, otherwise the service. Concurrent
 * requests with one token share one introspection call, but only one begun since the last invalidation:
 * a request that starts after a revocation never rides on an answer read before it.
 */
export class SessionLiveness {
  private readonly inflight = new Map<string, { epoch: number; answer: Promise<LiveSession> }>();

  constructor(
    private readonly cache: LivenessCache,
    private readonly client: IntrospectionClient,
  ) {}

  principalFor(token: string, claims: AccessTokenClaims): Promise<AutorenewPrincipal> | AutorenewPrincipal {
    const cached = this.cache.get(claims);
    if (cached) return toPrincipal(cached);
    const epoch = this.cache.currentEpoch;
    let call = this.inflight.get(token);
    if (!call || call.epoch !== epoch) {
      const answer = this.introspect(token, claims, epoch).finally(() => {
        if (this.inflight.get(token)?.answer === answer) this.inflight.delete(token);
      });
      call = { epoch, answer };
      this.inflight.set(token, call);
    }
    return call.answer.then(toPrincipal);
  }

  private async introspect(token: string, claims: AccessTokenClaims, epoch: number): Promise<LiveSession> {
    const answer = await this.client.introspect(token);
    // An answer about another user or session than the token we checked is no answer for it.
    if (!answer.active || answer.sub !== claims.sub || answer.sid !== claims.sid)
      throw new AutorenewAuthError(AutorenewErrorCode.TOKEN_REVOKED);
    const session: LiveSession = { userId: claims.sub, sessionId: claims.sid, role: answer.role, ver: claims.ver };
    this.cache.fill(session, epoch, answer.sessionExp === undefined ? Infinity : answer.sessionExp * 1000);
    return session;
  }
}

function toPrincipal(session: LiveSession): AutorenewPrincipal {
  return { userId: session.userId, sessionId: session.sessionId, role: session.role };
}
