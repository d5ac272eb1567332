import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import { IS_PUBLIC_KEY } from '../../identity/public.decorator.js';
import { Principal } from '../../identity/principal.js';
import { NO_BEARER_TOKEN } from '../strategies/bearer.strategy.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';

/** What passport.authenticate returns (typed `any` by @types/passport): a Connect-style middleware. */
type Middleware = (request: unknown, response: unknown, next: (error?: unknown) => void) => void;

/** The one global guard: every route needs a live access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<{ user?: Principal }>();
    return new Promise((resolve, reject) => {
      const settle = (error: Error | null, principal: Principal | false, challenge: unknown) => {
        if (error) return reject(error);
        if (!principal) return reject(new DomainError(challenge === NO_BEARER_TOKEN ? ErrorCode.TOKEN_MISSING : ErrorCode.TOKEN_INVALID));
        request.user = principal;
        resolve(true);
      };
      // A per-request object on top of our strategy: passport sets its callbacks on what it is given.
      (passport.authenticate(Object.create(this.strategy) as passport.Strategy, { session: false }, settle) as Middleware)(
        request,
        http.getResponse(),
        reject,
      );
    });
  }
}
