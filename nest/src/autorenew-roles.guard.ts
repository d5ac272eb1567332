import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { AutorenewPrincipal, AutorenewRole } from './autorenew-principal.js';
import { AUTORENEW_ROLES_KEY } from './roles.decorator.js';

/** Runs after AutorenewAuthGuard: a route marked @Roles(...) answers 403 to a caller without them. */
@Injectable()
export class AutorenewRolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<AutorenewRole[] | undefined>(AUTORENEW_ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<{ user?: AutorenewPrincipal }>().user;
    if (principal && required.includes(principal.role)) return true;
    throw new AutorenewAuthError(AutorenewErrorCode.FORBIDDEN, `This action requires the role ${required.join(' or ')}.`);
  }
}
