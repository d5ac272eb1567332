import { AuthEventType } from './auth-event-type.enum.js';
import { AuthEvent } from './entities/auth-event.entity.js';

export interface ActivityView {
  type: AuthEventType;
  at: string;
  ip: string | null;
  deviceName: string | null;
  sessionId: string | null;
}

export function toActivityView(event: AuthEvent): ActivityView {
  return { type: event.type, at: event.createdAt.toISOString(), ip: event.ip, deviceName: event.deviceName, sessionId: event.sessionId };
}
