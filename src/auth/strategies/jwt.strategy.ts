import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { AccessTokenService } from '../access-token.service.js';
import { Principal } from '../../identity/principal.js';
import { PrincipalService } from '../principal.service.js';
import { BearerStrategy } from './bearer.strategy.js';

/**
 * Stays thin: the one verification path (AccessTokenService: signature, pinned algorithm and key, claims)
 * and the one liveness decision (PrincipalService) do the work.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(BearerStrategy, 'jwt') {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalService,
  ) {
    super();
  }

  validate(token: string): Promise<Principal> {
    return this.principals.resolve(this.accessTokens.verify(token));
  }

  /**
   * Registered with a passport of its own, not the process-wide one: the guard hands passport this
   * instance, so two apps in one process (tests, the multi-instance suite) never share a strategy.
   */
  getPassportInstance(): passport.PassportStatic {
    return new passport.Passport() as passport.PassportStatic;
  }
}
