import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import { ACCESS_TOKEN_ALGORITHM, AccessTokenService } from '../access-token.service.js';
import { Principal } from '../principal.js';
import { PrincipalService } from '../principal.service.js';

/**
 * Verifies signature, algorithm (pinned), issuer and audience. Expiry is checked by AccessTokenService
 * against the injectable clock instead, because passport-jwt fixes its verify options at construction.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: accessTokens.key as unknown as string,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: true,
      jsonWebTokenOptions: { complete: true },
    });
  }

  async validate(decoded: { header: { typ?: unknown }; payload: Record<string, unknown> | string }): Promise<Principal> {
    return this.principals.resolve(this.accessTokens.checkClaims(decoded));
  }
}
