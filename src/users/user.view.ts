import { ApiProperty } from '@nestjs/swagger';
import { User } from './entities/user.entity.js';

/** The type of the mapper below and the response schema in openapi.json alike, so they cannot drift. */
export class UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  email: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada' })
  displayName: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** The only shape in which a user leaves the service: never the password hash or token version. */
export function toUserView(user: User): UserView {
  return { id: user.id, email: user.email, displayName: user.displayName, createdAt: user.createdAt.toISOString() };
}
