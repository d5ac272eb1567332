import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { Public } from '../identity/public.decorator.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { ForgotPasswordDto } from './dto/forgot-password.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { PasswordResetAnswer } from './password-reset-answer.view.js';
import { PasswordResetService } from './password-reset.service.js';

const FORGOT_ANSWER = { message: 'If an account exists for this address, a link to reset its password has been sent.' };

@Controller('auth/password')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Public()
  @Post('forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: PasswordResetAnswer,
    description: 'The same answer whether or not the account exists; a link valid 30 minutes is mailed if it does.',
  })
  @ApiErrors(ErrorCode.TOO_MANY_REQUESTS)
  async forgot(@Body() body: ForgotPasswordDto, @Client() client: ClientInfo): Promise<typeof FORGOT_ANSWER> {
    await this.resets.requestReset(body.email, client.ip);
    return FORGOT_ANSWER;
  }

  @Public()
  @Post('reset')
  @HttpCode(200)
  @ApiOkResponse({ type: PasswordResetAnswer, description: 'The password is changed, `jwt_version` bumped and every session ended.' })
  @ApiErrors(ErrorCode.INVALID_RESET_TOKEN, ErrorCode.WEAK_PASSWORD)
  async reset(@Body() body: ResetPasswordDto, @Client() client: ClientInfo): Promise<{ message: string }> {
    await this.resets.reset(body.token, body.newPassword, client);
    return { message: 'Your password has been reset and every device signed out. Sign in with the new password.' };
  }
}
