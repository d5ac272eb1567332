import { Body, Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { Public } from '../auth/decorators/public.decorator.js';
import { SigningKeys } from '../auth/keys/signing-keys.js';
import { TokenResponse } from '../auth/token-response.js';
import { Client, type ClientInfo } from '../common/decorators/client-info.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { RequestOrigin } from '../common/decorators/request-origin.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { ClientAuthenticator } from './client-authenticator.service.js';
import { IntrospectionResponse } from './introspection-response.js';
import { IntrospectionService } from './introspection.service.js';
import { assertFormBody, assertPublicClient, readParams } from './oauth-request.js';
import { OAuthService } from './oauth.service.js';

/** A pure RFC 6749 / 7009 / 7662 / 8414 face for OAuth client libraries; errors are §5.2 bodies (see the filter). */
@Controller()
export class OAuthController {
  constructor(
    private readonly oauth: OAuthService,
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clients: ClientAuthenticator,
    private readonly introspection: IntrospectionService,
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

  /**
   * RFC 7662 for our resource servers (the product's other services). Public to the bearer guard: the
   * caller authenticates as a client with HTTP Basic, and the token it asks about is a parameter.
   */
  @Public()
  @Post('oauth/introspect')
  @HttpCode(200)
  @NoStore()
  async introspect(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Client() client: ClientInfo,
  ): Promise<IntrospectionResponse> {
    await this.clients.authenticate(authorization, client);
    assertFormBody(contentType);
    return this.introspection.introspect(readParams(body));
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
      introspection_endpoint: `${issuer}/oauth/introspect`,
      grant_types_supported: ['password', 'refresh_token'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
      ...(publishesKeys ? { jwks_uri: `${issuer}/.well-known/jwks.json` } : {}),
    };
  }
}
