import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsPassword } from './is-password.decorator.js';

export class RegisterDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsPassword()
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  displayName?: string;
}
