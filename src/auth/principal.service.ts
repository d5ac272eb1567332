import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { AccessTokenClaims } from './access-token-claims.js';
import { AccessTokenService } from './access-token.service.js';
import { Principal } from './principal.js';

/**
 * Decides whether a signature-valid access token still speaks for its user: its `ver` equals the
 * user's current jwt_version and its session is live. One indexed lookup per request; the single
 * place a cache would go.
 */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
    private readonly accessTokens: AccessTokenService,
  ) {}

  /** The guard's answer for a raw Authorization header, for a public route that authenticates itself. */
  async fromAuthorization(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new DomainError(ErrorCode.TOKEN_MISSING);
    return this.resolve(this.accessTokens.verify(match[1]));
  }

  async resolve(claims: AccessTokenClaims): Promise<Principal> {
    const state = await this.sessions.findAuthState(claims.sid);
    const live =
      state !== undefined &&
      state.userId === claims.sub &&
      state.jwtVersion === claims.ver &&
      !state.userDisabled &&
      state.revokedAt === null &&
      state.expiresAt.getTime() > this.clock.now().getTime();
    if (!live) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return { userId: claims.sub, sessionId: claims.sid, role: state.role };
  }
}
