import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AutorenewPrincipal } from './autorenew-principal.js';

/** The caller the global guard established. Used on a @Public() route it is a programming error. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AutorenewPrincipal => {
  const principal = context.switchToHttp().getRequest<{ user?: AutorenewPrincipal }>().user;
  if (!principal) throw new Error('@CurrentUser() used on a route without an authenticated principal');
  return principal;
});
