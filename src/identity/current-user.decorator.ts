import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Principal } from './principal.js';

/** The caller established by the global guard. Used on a public route it is a programming error. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
  if (!principal) throw new Error('@CurrentUser() used on a route without an authenticated principal');
  return principal;
});
