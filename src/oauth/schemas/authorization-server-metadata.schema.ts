import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 8414 §2: what OAuth client libraries discover; the controller builds it, this documents it. */
export class AuthorizationServerMetadataSchema {
  @ApiProperty({ format: 'uri', description: 'PUBLIC_URL, or the origin the request addressed when unset.' })
  issuer: string;

  @ApiProperty({ format: 'uri' })
  token_endpoint: string;

  @ApiProperty({ format: 'uri' })
  revocation_endpoint: string;

  @ApiProperty({ type: [String], example: ['password', 'refresh_token'] })
  grant_types_supported: string[];

  @ApiProperty({ type: [String], example: [] })
  response_types_supported: string[];

  @ApiProperty({ type: [String], example: ['none'] })
  token_endpoint_auth_methods_supported: string[];

  @ApiProperty({ type: [String], example: ['none'] })
  revocation_endpoint_auth_methods_supported: string[];

  @ApiProperty({ format: 'uri', description: 'RFC 7662 token introspection, for resource servers (INTROSPECTION_CLIENTS).' })
  introspection_endpoint: string;

  @ApiProperty({ type: [String], example: ['client_secret_basic'] })
  introspection_endpoint_auth_methods_supported: string[];

  @ApiPropertyOptional({ format: 'uri', description: 'With JWT_ALGORITHM=ES256 only.' })
  jwks_uri?: string;
}
