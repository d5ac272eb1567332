import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of POST /oauth/introspect (RFC 7662 §2.1), form-encoded only. A schema only, like TokenRequestSchema. */
export class IntrospectionRequestSchema {
  @ApiProperty({ description: 'The access token to ask about. Anything else (a refresh token included) is inactive.', maxLength: 4096 })
  token: string;

  @ApiPropertyOptional({ description: 'Accepted and ignored (RFC 7662 §2.1 allows it).' })
  token_type_hint?: string;
}
