import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { Clock } from '../common/clock/clock.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { Cookie } from '../common/decorators/cookie.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { RequestOrigin } from '../identity/request-origin.decorator.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiSecurityAlternatives, BEARER_SCHEME, REFRESH_COOKIE_SCHEME } from '../common/openapi/api-security-alternatives.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { UserView, toUserView } from '../users/user.view.js';
import { ApiTokenResponse } from './api-token-response.decorator.js';
import { AuthService } from './auth.service.js';
import { ApiCookieRequestHeader, SET_COOKIE_HEADER } from './cookies/api-cookie-mode.js';
import { DEVICE_COOKIE, deviceCookieFor } from './cookies/device-cookie.js';
import {
  REFRESH_COOKIE,
  assertCookieRequestAllowed,
  clearedRefreshCookie,
  cookieRequestOrigins,
  refreshCookie,
} from './cookies/refresh-cookie.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { Public } from '../identity/public.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import type { Principal } from '../identity/principal.js';
import { PrincipalView } from './principal.view.js';
import { PrincipalService } from './principal.service.js';
import { IssuedTokens, LoginTokenResponse, TokenResponse } from './token-response.js';

/** What Fastify's reply and Express's response both offer for setting a header. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

type CookieModeResponse = Omit<TokenResponse, 'refresh_token'>;
const MISSING_REFRESH_TOKEN = { field: 'refresh_token', messages: ['refresh_token is required unless the refresh cookie is sent'] };

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly principals: PrincipalService,
  ) {}

  /**
   * The caller as the guard sees it, without touching the database on a cache hit: for clients that
   * only need "who am I and is my session live", and the benchmark of the guard itself.
   */
  @Get('me')
  @NoStore()
  @ApiOkResponse({ type: PrincipalView })
  me(@CurrentUser() principal: Principal): Principal {
    return { userId: principal.userId, sessionId: principal.sessionId, role: principal.role };
  }

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(ErrorCode.WEAK_PASSWORD, ErrorCode.EMAIL_TAKEN, ErrorCode.TOO_MANY_REQUESTS)
  async register(@Body() body: RegisterDto, @Client() client: ClientInfo): Promise<UserView> {
    return toUserView(await this.auth.register(body, client));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @NoStore()
  @ApiTokenResponse(LoginTokenResponse)
  @ApiCookieRequestHeader()
  @ApiErrors(ErrorCode.INVALID_CREDENTIALS, ErrorCode.CSRF_REJECTED, ErrorCode.TOO_MANY_REQUESTS)
  async login(
    @Body() body: LoginDto,
    @Headers('x-requested-with') requestedWith: string | undefined,
    @Headers('origin') origin: string | undefined,
    @RequestOrigin() requestOrigin: string,
    @Cookie(DEVICE_COOKIE) deviceCookie: string | undefined,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: HeaderSetter,
  ): Promise<(TokenResponse & { device_token?: string }) | CookieModeResponse> {
    const cookieMode = body.transport === 'cookie';
    // Login CSRF: a foreign page must not sign the browser into the attacker's account (its refresh cookie
    // planted), nor spend the victim's attempts. Checked before anything is counted or hashed.
    if (cookieMode) assertCookieRequestAllowed({ requestedWith, origin }, cookieRequestOrigins(this.config, requestOrigin));
    const deviceToken = body.deviceToken ?? deviceCookie;
    const issued = await this.auth.login(body.email, body.password, { ...client, deviceName: body.deviceName, deviceToken });
    if (!cookieMode) return { ...issued.response, device_token: issued.deviceToken };
    const cookieBody = this.inCookie(issued, reply);
    if (issued.deviceToken) reply.header('Set-Cookie', deviceCookieFor(issued.deviceToken));
    return cookieBody;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @NoStore()
  @ApiTokenResponse()
  @ApiSecurityAlternatives([REFRESH_COOKIE_SCHEME], [])
  @ApiCookieRequestHeader()
  @ApiErrors(
    ErrorCode.INVALID_REFRESH_TOKEN,
    ErrorCode.SESSION_EXPIRED,
    ErrorCode.SESSION_REVOKED,
    ErrorCode.CSRF_REJECTED,
    ErrorCode.TOO_MANY_REQUESTS,
  )
  async refresh(
    @Body() body: RefreshDto,
    @Cookie(REFRESH_COOKIE) cookieToken: string | undefined,
    @Headers('x-requested-with') requestedWith: string | undefined,
    @Headers('origin') origin: string | undefined,
    @RequestOrigin() requestOrigin: string,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: HeaderSetter,
  ): Promise<TokenResponse | CookieModeResponse> {
    if (body.refresh_token !== undefined) return (await this.auth.refresh(body.refresh_token, client)).response;
    // Nothing to check is a malformed request, not a bad token: 400 naming the field, counting nothing.
    if (cookieToken === undefined) throw new DomainError(ErrorCode.VALIDATION_FAILED, { errors: [MISSING_REFRESH_TOKEN] });
    assertCookieRequestAllowed({ requestedWith, origin }, cookieRequestOrigins(this.config, requestOrigin));
    const issued = await this.auth.refresh(cookieToken, client).catch((error: unknown) => {
      // A refused cookie is dead: clear it so the browser stops sending it.
      if (error instanceof DomainError && error.status === 401) reply.header('Set-Cookie', clearedRefreshCookie());
      throw error;
    });
    return this.inCookie(issued, reply);
  }

  /**
   * Ends one session, named by the refresh token (body, or the cookie in browser mode) or else by the
   * bearer access token. Public so that a client whose access token expired can still sign out; without
   * any of the three it answers exactly as a protected route does (401 TOKEN_MISSING).
   */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended (or the refresh token named none).', headers: SET_COOKIE_HEADER })
  @ApiSecurityAlternatives([REFRESH_COOKIE_SCHEME], [BEARER_SCHEME], [])
  @ApiCookieRequestHeader()
  @ApiErrors(ErrorCode.TOKEN_MISSING, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_INVALID, ErrorCode.TOKEN_REVOKED, ErrorCode.CSRF_REJECTED)
  async logout(
    @Body() body: RefreshDto,
    @Headers('authorization') authorization: string | undefined,
    @Cookie(REFRESH_COOKIE) cookieToken: string | undefined,
    @Headers('x-requested-with') requestedWith: string | undefined,
    @Headers('origin') origin: string | undefined,
    @RequestOrigin() requestOrigin: string,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: HeaderSetter,
  ): Promise<void> {
    if (body.refresh_token !== undefined) return this.auth.logoutByToken(body.refresh_token, client);
    if (authorization !== undefined || cookieToken === undefined) {
      // A bearer header cannot be forged cross-site, so it may also clear a cookie without a CSRF check.
      await this.auth.logout(await this.principals.fromAuthorization(authorization), client);
      if (cookieToken !== undefined) reply.header('Set-Cookie', clearedRefreshCookie());
      return;
    }
    assertCookieRequestAllowed({ requestedWith, origin }, cookieRequestOrigins(this.config, requestOrigin));
    reply.header('Set-Cookie', clearedRefreshCookie());
    await this.auth.logoutByToken(cookieToken, client);
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Every session of the user has ended; a refresh cookie sent along is cleared.',
    headers: SET_COOKIE_HEADER,
  })
  async logoutAll(
    @CurrentUser() principal: Principal,
    @Cookie(REFRESH_COOKIE) cookieToken: string | undefined,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: HeaderSetter,
  ): Promise<void> {
    await this.auth.logoutAll(principal.userId, client);
    if (cookieToken !== undefined) reply.header('Set-Cookie', clearedRefreshCookie());
  }

  @Post('password')
  @HttpCode(200)
  @NoStore()
  @ApiTokenResponse()
  @ApiErrors({ code: ErrorCode.INVALID_CREDENTIALS, status: 403 }, ErrorCode.WEAK_PASSWORD, ErrorCode.TOO_MANY_REQUESTS)
  async changePassword(
    @CurrentUser() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Cookie(REFRESH_COOKIE) cookieToken: string | undefined,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: HeaderSetter,
  ): Promise<TokenResponse | CookieModeResponse> {
    const cookieMode = cookieToken !== undefined && (await this.auth.isTokenOfSession(cookieToken, principal.sessionId));
    const issued = await this.auth.changePassword(principal, body.currentPassword, body.newPassword, client);
    // A browser in cookie mode keeps its refresh token out of reach of scripts here too; a stale cookie
    // of another session does not switch a body-mode client to cookies.
    return cookieMode ? this.inCookie(issued, reply) : issued.response;
  }

  /** Browser mode: the refresh token goes into an HttpOnly cookie and never into the body. */
  private inCookie(issued: IssuedTokens, reply: HeaderSetter): CookieModeResponse {
    const { refresh_token: refreshToken, ...rest } = issued.response;
    reply.header('Set-Cookie', refreshCookie(refreshToken, issued.sessionExpiresAt, this.clock.now()));
    return rest;
  }
}
