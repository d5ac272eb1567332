import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { AutorenewPrincipal } from './autorenew-principal.js';
import { bearerToken } from './bearer-token.js';
import { AUTORENEW_IS_PUBLIC_KEY } from './public.decorator.js';
import { SessionLiveness } from './session-liveness.js';
import { TokenVerifier } from './token-verifier.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AutorenewPrincipal;
}

/**
 * The one global guard: every route needs a live access token unless marked @Public(). The signature is
 * checked first, here, so forged tokens never reach the service; then the session's liveness.
 */
@Injectable()
export class AutorenewAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(SessionLiveness) private readonly liveness: SessionLiveness,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(AUTORENEW_IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<GuardedRequest>();
    try {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new AutorenewAuthError(AutorenewErrorCode.TOKEN_MISSING);
      const claims = await this.verifier.verify(token);
      request.user = await this.liveness.principalFor(token, claims);
      return true;
    } catch (error) {
      // Through the adapter, so the same code sets them on Express and Fastify, whatever filter answers.
      if (error instanceof AutorenewAuthError)
        for (const [name, value] of Object.entries(error.headers)) this.adapterHost.httpAdapter.setHeader(http.getResponse(), name, value);
      throw error;
    }
  }
}
