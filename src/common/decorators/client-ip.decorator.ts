import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** The client address as the HTTP adapter resolved it (honouring TRUST_PROXY for X-Forwarded-For). */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  return context.switchToHttp().getRequest<{ ip?: string }>().ip ?? null;
});
