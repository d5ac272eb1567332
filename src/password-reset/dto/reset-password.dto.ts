import { IsString, MaxLength } from 'class-validator';
import { IsPassword } from '../../auth/dto/is-password.decorator.js';

export class ResetPasswordDto {
  @IsString()
  @MaxLength(256)
  token: string;

  @IsPassword()
  newPassword: string;
}
