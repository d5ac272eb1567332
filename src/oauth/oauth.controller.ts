import { Body, Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { Public } from '../identity/public.decorator.js';
import { SigningKeys } from '../auth/keys/signing-keys.js';
import { TokenResponse } from '../auth/token-response.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { RequestOrigin } from '../identity/request-origin.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { assertPublicClient, readParams } from './oauth-request.js';
import { OAuthService } from './oauth.service.js';

/** A pure RFC 6749 / 7009 / 8414 face for OAuth client libraries; errors are §5.2 bodies (see the filter). */
@Controller()
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
  ) {}

  @Public()
  @Post('oauth/token')
  @HttpCode(200)
  @NoStore()
  token(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Client() client: ClientInfo): Promise<TokenResponse> {
    assertPublicClient(authorization);
    return this.oauth.token(readParams(body), client);
  }

  /**
   * Always 200 for a well-formed request, whether or not the token was known (RFC 7009 §2.2). Clients
   * ignore the body; an empty JSON object keeps strict JSON clients (simple-oauth2) from failing on it.
   */
  @Public()
  @Post('oauth/revoke')
  @HttpCode(200)
  async revoke(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Client() client: ClientInfo): Promise<Record<string, never>> {
    assertPublicClient(authorization);
    await this.oauth.revoke(readParams(body), client);
    return {};
  }

  @Public()
  @Get('.well-known/oauth-authorization-server')
  metadata(@RequestOrigin() origin: string): Record<string, unknown> {
    const issuer = this.config.http.publicUrl ?? origin;
    const publishesKeys = this.keys.jwks().keys.length > 0;
    return {
      issuer,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      grant_types_supported: ['password', 'refresh_token'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      ...(publishesKeys ? { jwks_uri: `${issuer}/.well-known/jwks.json` } : {}),
    };
  }
}
