import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../identity/role.enum.js';
import type { Principal } from '../identity/principal.js';

/** GET /auth/me's response schema: the principal as the guard established it. */
export class PrincipalView implements Principal {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ format: 'uuid' })
  sessionId: string;

  @ApiProperty({ enum: Role, enumName: 'Role' })
  role: Role;
}
