import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsPassword } from './is-password.decorator.js';

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @IsPassword()
  newPassword: string;
}
