import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEmailAddress } from './is-email-address.decorator.js';
import { IsPassword } from './is-password.decorator.js';

export class RegisterDto {
  @IsEmailAddress()
  email: string;

  @IsPassword()
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  displayName?: string;
}
