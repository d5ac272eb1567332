import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** `scheme://host[:port]` as the client addressed this service (honouring TRUST_PROXY for the scheme). */
export const RequestOrigin = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ protocol?: string; headers: { host?: string } }>();
  return `${request.protocol ?? 'http'}://${String(request.headers.host ?? 'localhost')}`;
});
