import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The body of POST /oauth/token (RFC 6749 §4.3.2 and §6), form-encoded or JSON. A schema only: the
 * endpoint reads its parameters itself (oauth-request.ts) and answers RFC 6749 errors, not ours.
 */
export class TokenRequestSchema {
  @ApiProperty({ enum: ['password', 'refresh_token'] })
  grant_type: string;

  @ApiPropertyOptional({ description: 'With `grant_type=password`: the email address.', maxLength: 254 })
  username?: string;

  @ApiPropertyOptional({ description: 'With `grant_type=password`.', format: 'password', maxLength: 1024 })
  password?: string;

  @ApiPropertyOptional({ description: 'With `grant_type=password`: names the session.', maxLength: 100 })
  device_name?: string;

  @ApiPropertyOptional({ description: 'With `grant_type=refresh_token`.', maxLength: 4096 })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'Accepted and ignored: this server has public clients only (no client secret).' })
  client_id?: string;
}
