import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsPassword } from './is-password.decorator.js';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', minLength: 1, maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({
    format: 'password',
    minLength: 8,
    maxLength: 128,
    description: '8–128 characters, not among the most common passwords (else 400 `WEAK_PASSWORD`).',
  })
  @IsPassword()
  newPassword: string;
}
