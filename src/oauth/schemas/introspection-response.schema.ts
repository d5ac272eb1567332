import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * RFC 7662 §2.2. An inactive token answers exactly `{"active": false}`; the other members come only with
 * `active: true` (the TS union lives in introspection-response.ts, which builds the answer).
 */
export class IntrospectionResponseSchema {
  @ApiProperty({ description: 'Whether the guard of this service would accept the token right now.' })
  active: boolean;

  @ApiPropertyOptional({ description: 'The user id.' })
  sub?: string;

  @ApiPropertyOptional({ description: 'The session (device) id.' })
  sid?: string;

  @ApiPropertyOptional({ type: 'integer', description: "The user's jwt_version the token was issued at." })
  ver?: number;

  @ApiPropertyOptional({ enum: ['user', 'admin'], description: 'Read fresh with the session, as the guard does.' })
  role?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Expiry, seconds since the epoch.' })
  exp?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      "When the token's session ends (its idle or absolute expiry, whichever is first), seconds since the epoch, rounded down. " +
      'The session ends silently at that time: a resource server must not keep trusting this answer past it.',
  })
  session_exp?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Issued at, seconds since the epoch.' })
  iat?: number;

  @ApiPropertyOptional({ format: 'uri' })
  iss?: string;

  @ApiPropertyOptional()
  aud?: string;

  @ApiPropertyOptional({ enum: ['Bearer'] })
  token_type?: string;
}
