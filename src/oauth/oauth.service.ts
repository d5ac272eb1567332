import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { TokenResponse } from '../auth/token-response.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { OAuthError } from './oauth-error.js';
import { OAuthParams, required } from './oauth-request.js';

/** RFC 6749 and RFC 7009 over the same AuthService as /auth/*: no second copy of any token rule. */
@Injectable()
export class OAuthService {
  constructor(private readonly auth: AuthService) {}

  async token(params: OAuthParams, client: ClientInfo): Promise<TokenResponse> {
    switch (params.grant_type) {
      case 'password': {
        const username = required(params, 'username', 254);
        const password = required(params, 'password', 1024);
        const deviceName = params.device_name?.slice(0, 100) || undefined;
        return (await this.auth.login(username, password, { ...client, deviceName })).response;
      }
      case 'refresh_token':
        return (await this.auth.refresh(required(params, 'refresh_token'), client)).response;
      case undefined:
      case '':
        throw new OAuthError('invalid_request', 'The parameter grant_type is required.');
      default:
        throw new OAuthError('unsupported_grant_type', 'Supported grant types: password, refresh_token.');
    }
  }

  /** RFC 7009: ends the session a refresh or access token belongs to; unknown tokens are simply ignored. */
  async revoke(params: OAuthParams, client: ClientInfo): Promise<void> {
    await this.auth.logoutByToken(required(params, 'token'), client, { acceptAccessToken: true });
  }
}
