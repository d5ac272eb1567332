import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from './is-email-address.decorator.js';

export class LoginDto {
  @IsEmailAddress()
  email: string;

  /** Not the new-password policy: an existing account may predate it. Bounded before hashing. */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deviceName?: string;

  /** The `device_token` this device received at its last sign-in (browsers send the cookie instead). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deviceToken?: string;

  /** `cookie`: the refresh token is set as an HttpOnly cookie instead of being returned in the body. */
  @IsOptional()
  @IsIn(['body', 'cookie'])
  transport?: 'body' | 'cookie';
}
