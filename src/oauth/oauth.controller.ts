import { Body, Controller, Get, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';
import { Public } from '../identity/public.decorator.js';
import { SigningKeys } from '../auth/keys/signing-keys.js';
import { TokenResponse } from '../auth/token-response.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { RequestOrigin } from '../identity/request-origin.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { ApiOAuthErrors } from './api-oauth-errors.decorator.js';
import { ClientAuthenticator } from './client-authenticator.service.js';
import { IntrospectionResponse } from './introspection-response.js';
import { IntrospectionService } from './introspection.service.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { assertFormBody, assertPublicClient, readParams } from './oauth-request.js';
import { OAuthService } from './oauth.service.js';
import { AuthorizationServerMetadataSchema } from './schemas/authorization-server-metadata.schema.js';
import { IntrospectionRequestSchema } from './schemas/introspection-request.schema.js';
import { IntrospectionResponseSchema } from './schemas/introspection-response.schema.js';
import { RevokeRequestSchema } from './schemas/revoke-request.schema.js';
import { TokenRequestSchema } from './schemas/token-request.schema.js';

/** A pure RFC 6749 / 7009 / 7662 / 8414 face for OAuth client libraries; errors are §5.2 bodies (see the filter). */
@UseFilters(OAuthExceptionFilter)
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
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequestSchema })
  @ApiOkResponse({ type: TokenResponse, description: 'RFC 6749 §5.1.' })
  @ApiOAuthErrors(['invalid_request', 'invalid_grant', 'unsupported_grant_type'])
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Client() client: ClientInfo,
  ): Promise<TokenResponse> {
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
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: RevokeRequestSchema })
  @ApiOkResponse({
    description: 'RFC 7009 §2.2: also for a token that was unknown or already revoked.',
    schema: { type: 'object', additionalProperties: false },
  })
  @ApiOAuthErrors(['invalid_request'])
  async revoke(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Client() client: ClientInfo,
  ): Promise<Record<string, never>> {
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
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: IntrospectionRequestSchema })
  @ApiOkResponse({
    type: IntrospectionResponseSchema,
    description:
      'RFC 7662 §2.2. Clients authenticate with HTTP Basic (a client of INTROSPECTION_CLIENTS); an inactive token answers exactly `{"active": false}`.',
  })
  @ApiOAuthErrors(['invalid_request'])
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
  @ApiOkResponse({ type: AuthorizationServerMetadataSchema, description: 'RFC 8414 metadata.' })
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
