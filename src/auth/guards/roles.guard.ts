import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import { Role } from '../../identity/role.enum.js';
import { ROLES_KEY } from '../../identity/roles.decorator.js';
import { Principal } from '../../identity/principal.js';

/** Runs after JwtAuthGuard: a route marked @Roles(...) answers 403 to an authenticated caller without them. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (principal && required.includes(principal.role)) return true;
    throw new DomainError(ErrorCode.FORBIDDEN, { message: 'This action requires the administrator role.' });
  }
}
