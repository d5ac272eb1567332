import { ExecutionContext, createParamDecorator } from '@nestjs/common';

/** One request cookie by name, as the HTTP adapter's cookie plugin parsed it. */
export const Cookie = createParamDecorator((name: string, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ cookies?: Record<string, string | undefined> }>().cookies?.[name];
  return value || undefined;
});
