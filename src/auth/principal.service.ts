import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AuthStateService } from '../revocation/auth-state.service.js';
import { decideAccess } from './access-decision.js';
import { AccessTokenClaims } from './access-token-claims.js';
import { AccessTokenService } from './access-token.service.js';
import { bearerToken } from './strategies/bearer.strategy.js';
import { Principal } from '../identity/principal.js';

/** The principal, with the end of its session as session-policy.ts defines it (epoch ms), read fresh. */
export interface FreshPrincipal extends Principal {
  sessionEndMs: number;
}

/**
 * Decides whether a signature-valid access token still speaks for its user. Answers from this
 * instance's auth-state cache when it can, and from the database otherwise: see docs/scaling.md.
 */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly authStates: AuthStateService,
    private readonly clock: Clock,
    private readonly accessTokens: AccessTokenService,
  ) {}

  /** The guard's answer for a raw Authorization header, for a public route that authenticates itself. */
  async fromAuthorization(header: string | undefined): Promise<Principal> {
    const token = bearerToken(header);
    if (!token) throw new DomainError(ErrorCode.TOKEN_MISSING);
    return this.resolve(this.accessTokens.verify(token));
  }

  async resolve(claims: AccessTokenClaims): Promise<Principal> {
    const now = this.clock.nowMs();
    let state = this.authStates.cached(claims.sid);
    let decision = state === undefined ? 'unsure' : decideAccess(claims, state, now);
    if (decision === 'unsure') {
      state = await this.authStates.read(claims.sid);
      decision = decideAccess(claims, state, now);
    }
    if (decision !== 'live') throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return { userId: claims.sub, sessionId: claims.sid, role: state!.user.role };
  }

  /**
   * The same rule as `resolve`, on state read from the database now, never from this instance's cache:
   * for answers other processes cache (introspection), since this instance may not yet have applied an
   * invalidation another instance announced, and a stale "live" would then be cached a second time.
   */
  async resolveFresh(claims: AccessTokenClaims): Promise<FreshPrincipal> {
    const state = await this.authStates.read(claims.sid);
    if (decideAccess(claims, state, this.clock.nowMs()) !== 'live') throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return { userId: claims.sub, sessionId: claims.sid, role: state!.user.role, sessionEndMs: state!.session.expiresAt };
  }
}
