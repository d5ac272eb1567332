import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Public } from '../identity/public.decorator.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { PasswordResetService } from './password-reset.service.js';

const FORGOT_ANSWER = { message: 'If an account exists for this address, a link to reset its password has been sent.' };

@Controller('auth/password')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Public()
  @Post('forgot')
  @HttpCode(202)
  async forgot(@Body() body: ForgotPasswordDto, @Client() client: ClientInfo): Promise<typeof FORGOT_ANSWER> {
    await this.resets.requestReset(body.email, client.ip);
    return FORGOT_ANSWER;
  }

  @Public()
  @Post('reset')
  @HttpCode(200)
  async reset(@Body() body: ResetPasswordDto, @Client() client: ClientInfo): Promise<{ message: string }> {
    await this.resets.reset(body.token, body.newPassword, client);
    return { message: 'Your password has been reset and every device signed out. Sign in with the new password.' };
  }
}
