import { ApiProperty } from '@nestjs/swagger';
import type { JsonWebKey } from 'node:crypto';

/** RFC 7517 §5: the public keys that verify ES256 access tokens; empty with HS256. */
export class JwksView {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'RFC 7517 JSON Web Keys (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`).',
  })
  keys: JsonWebKey[];
}
