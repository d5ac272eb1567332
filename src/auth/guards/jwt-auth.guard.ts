import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';
import { Principal } from '../principal.js';

/** passport-jwt's message when the request carries no bearer token at all. */
const NO_TOKEN_MESSAGE = 'No auth token';

/** The one global guard: every route needs a live access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser = Principal>(error: unknown, principal: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (principal) return principal;
    const missing = info instanceof Error && info.message === NO_TOKEN_MESSAGE;
    throw new DomainError(missing ? ErrorCode.TOKEN_MISSING : ErrorCode.TOKEN_INVALID);
  }
}
