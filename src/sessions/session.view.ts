import { ApiProperty } from '@nestjs/swagger';
import { Session } from './entities/session.entity.js';

/** The type of the mapper below and the response schema in openapi.json alike, so they cannot drift. */
export class SessionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'As given at sign-in, or named from the User-Agent.',
    example: 'Chrome on macOS',
  })
  deviceName: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  lastUsedAt: string;

  @ApiProperty({ format: 'date-time', description: 'When the session ends unless refreshed (idle) or at the latest (maximum age).' })
  expiresAt: string;

  @ApiProperty({ description: 'Whether this is the session of the access token that asked.' })
  current: boolean;
}

/** The only shape in which a session leaves the service: no salt, no generation. */
export function toSessionView(session: Session, currentSessionId?: string): SessionView {
  return {
    id: session.id,
    deviceName: session.deviceName,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.id === currentSessionId,
  };
}
