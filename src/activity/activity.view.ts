import { ApiProperty } from '@nestjs/swagger';
import { AuthEventType } from './auth-event-type.enum.js';
import { AuthEvent } from './entities/auth-event.entity.js';

/** The type of the mapper below and the response schema in openapi.json alike, so they cannot drift. */
export class ActivityView {
  @ApiProperty({ enum: AuthEventType, enumName: 'AuthEventType' })
  type: AuthEventType;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  deviceName: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId: string | null;
}

export function toActivityView(event: AuthEvent): ActivityView {
  return { type: event.type, at: event.createdAt.toISOString(), ip: event.ip, deviceName: event.deviceName, sessionId: event.sessionId };
}
