import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Client, type ClientInfo } from '../common/decorators/client-info.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { UserView, toUserView } from '../users/user.view.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './decorators/current-user.decorator.js';
import { Public } from './decorators/public.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import type { Principal } from './principal.js';
import { TokenResponse } from './token-response.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  async register(@Body() body: RegisterDto): Promise<UserView> {
    return toUserView(await this.auth.register(body));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @NoStore()
  login(@Body() body: LoginDto, @Client() client: ClientInfo): Promise<TokenResponse> {
    return this.auth.login(body.email, body.password, { ...client, deviceName: body.deviceName });
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @NoStore()
  refresh(@Body() body: RefreshDto, @Client() client: ClientInfo): Promise<TokenResponse> {
    return this.auth.refresh(body.refresh_token, client);
  }

  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() principal: Principal, @Client() client: ClientInfo): Promise<void> {
    return this.auth.logout(principal, client);
  }

  @Post('logout-all')
  @HttpCode(204)
  logoutAll(@CurrentUser() principal: Principal, @Client() client: ClientInfo): Promise<void> {
    return this.auth.logoutAll(principal.userId, client);
  }

  @Post('password')
  @HttpCode(200)
  @NoStore()
  changePassword(@CurrentUser() principal: Principal, @Body() body: ChangePasswordDto, @Client() client: ClientInfo): Promise<TokenResponse> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, client);
  }
}
