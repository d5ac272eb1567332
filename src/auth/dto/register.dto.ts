import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEmailAddress } from './is-email-address.decorator.js';
import { IsPassword } from './is-password.decorator.js';

export class RegisterDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({
    format: 'password',
    minLength: 8,
    maxLength: 128,
    description: '8–128 characters, not among the most common passwords (else 400 `WEAK_PASSWORD`).',
  })
  @IsPassword()
  password: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Ada' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  displayName?: string;
}
