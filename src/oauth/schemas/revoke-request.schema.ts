import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of POST /oauth/revoke (RFC 7009 §2.1), form-encoded or JSON. A schema only, like TokenRequestSchema. */
export class RevokeRequestSchema {
  @ApiProperty({ description: 'A refresh token or an access token: either ends its session.', maxLength: 4096 })
  token: string;

  @ApiPropertyOptional({ enum: ['refresh_token', 'access_token'], description: 'Accepted; the token is recognised either way.' })
  token_type_hint?: string;

  @ApiPropertyOptional({ description: 'Accepted and ignored: this server has public clients only.' })
  client_id?: string;
}
