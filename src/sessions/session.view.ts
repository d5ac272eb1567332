import { Session } from './entities/session.entity.js';

export interface SessionView {
  id: string;
  deviceName: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
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
