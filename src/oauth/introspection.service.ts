import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '../auth/access-token.service.js';
import { PrincipalService } from '../auth/principal.service.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { Metrics } from '../metrics/metrics.js';
import { INACTIVE, IntrospectionResponse, toActiveIntrospection } from './introspection-response.js';
import { OAuthError } from './oauth-error.js';
import { OAuthParams } from './oauth-request.js';

/** Longer than any access token we issue: not worth verifying. */
const MAX_TOKEN_LENGTH = 4096;

/** The guard's refusals: a token refused for any of them is simply not active. */
const NOT_ACTIVE = new Set<ErrorCode>([ErrorCode.TOKEN_INVALID, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_REVOKED]);

/**
 * RFC 7662 with the guard's own rule (AccessTokenService.verify, then PrincipalService's decision), but on
 * auth state read fresh from the database, never this instance's auth-state cache: a resource server
 * caches our answer, so an instance that has not yet applied an invalidation must not answer "active"
 * for a session another instance just revoked. A token is active exactly when the guard, reading the
 * database now, would accept it.
 * `token_type_hint` is ignored (§2.1 allows it): only access tokens can be active; refresh tokens never are.
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalService,
    private readonly metrics: Metrics,
  ) {}

  async introspect(params: OAuthParams): Promise<IntrospectionResponse> {
    const token = params.token;
    if (!token) throw new OAuthError('invalid_request', 'The parameter token is required.');
    const response = token.length > MAX_TOKEN_LENGTH ? INACTIVE : await this.answer(token);
    this.metrics.introspection(response.active ? 'active' : 'inactive');
    return response;
  }

  private async answer(token: string): Promise<IntrospectionResponse> {
    try {
      const claims = this.accessTokens.verify(token);
      return toActiveIntrospection(claims, await this.principals.resolveFresh(claims));
    } catch (error) {
      // Anything else (the database unreachable: 503) is no answer about the token, and must not read as one.
      if (error instanceof DomainError && NOT_ACTIVE.has(error.code)) return INACTIVE;
      throw error;
    }
  }
}
