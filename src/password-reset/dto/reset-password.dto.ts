import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsPassword } from '../../auth/dto/is-password.decorator.js';

export class ResetPasswordDto {
  @ApiProperty({ maxLength: 256, description: 'The `token` of the mailed reset link.' })
  @IsString()
  @MaxLength(256)
  token: string;

  @ApiProperty({
    format: 'password',
    minLength: 8,
    maxLength: 128,
    description: '8–128 characters, not among the most common passwords (else 400 `WEAK_PASSWORD`).',
  })
  @IsPassword()
  newPassword: string;
}
