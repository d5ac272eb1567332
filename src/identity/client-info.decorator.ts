import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** Who is calling, as far as the network tells: recorded on sessions and security events. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** The client address (as the HTTP adapter resolved it, honouring TRUST_PROXY) and User-Agent. */
export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientInfo => {
  const request = context.switchToHttp().getRequest<{ ip?: string; headers: Record<string, unknown> }>();
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
});
