import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ClientIp } from '../common/decorators/client-ip.decorator.js';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { UserAgent } from '../common/decorators/user-agent.decorator.js';
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
  login(@Body() body: LoginDto, @UserAgent() userAgent: string | null, @ClientIp() ip: string | null): Promise<TokenResponse> {
    return this.auth.login(body.email, body.password, { deviceName: body.deviceName, userAgent, ip });
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @NoStore()
  refresh(@Body() body: RefreshDto): Promise<TokenResponse> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() principal: Principal): Promise<void> {
    return this.auth.logout(principal);
  }

  @Post('logout-all')
  @HttpCode(204)
  logoutAll(@CurrentUser() principal: Principal): Promise<void> {
    return this.auth.logoutAll(principal);
  }

  @Post('password')
  @HttpCode(200)
  @NoStore()
  changePassword(@CurrentUser() principal: Principal, @Body() body: ChangePasswordDto): Promise<TokenResponse> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword);
  }
}
