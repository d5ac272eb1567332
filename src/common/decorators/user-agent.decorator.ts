import { ExecutionContext, createParamDecorator } from '@nestjs/common';

export const UserAgent = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['user-agent'];
  return typeof header === 'string' ? header : null;
});
