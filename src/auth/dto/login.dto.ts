import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from './is-email-address.decorator.js';

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsEmailAddress()
  email: string;

  /** Not the new-password policy: an existing account may predate it. Bounded before hashing. */
  @ApiProperty({ minLength: 1, maxLength: 128, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    description: 'Names the session; named from the User-Agent without it.',
    example: 'Laptop',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deviceName?: string;

  /** The `device_token` this device received at its last sign-in (browsers send the cookie instead). */
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'The `device_token` of this device’s last sign-in; browsers send the `__Host-device_token` cookie instead.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deviceToken?: string;

  /** `cookie`: the refresh token is set as an HttpOnly cookie instead of being returned in the body. */
  @ApiPropertyOptional({
    enum: ['body', 'cookie'],
    default: 'body',
    description:
      '`cookie`: the refresh token is set as the HttpOnly `__Host-refresh_token` cookie and left out of the body; needs `X-Requested-With` and an allowed or no `Origin`.',
  })
  @IsOptional()
  @IsIn(['body', 'cookie'])
  transport?: 'body' | 'cookie';
}
