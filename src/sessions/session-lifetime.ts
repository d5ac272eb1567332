import { Session } from './entities/session.entity.js';

const SECOND = 1000;

/** Idle expiry slides with use but never passes the absolute cap set at login. */
export function slidingExpiry(now: Date, idleTtlSeconds: number, maxExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + idleTtlSeconds * SECOND, maxExpiresAt.getTime()));
}

export function isExpired(session: Pick<Session, 'expiresAt' | 'maxExpiresAt'>, now: Date): boolean {
  return session.expiresAt.getTime() <= now.getTime() || session.maxExpiresAt.getTime() <= now.getTime();
}

/** Strictly inside the window, so a grace of 0 disables it even when two refreshes share a millisecond. */
export function isWithinGrace(rotatedAt: Date | null, now: Date, graceSeconds: number): boolean {
  if (!rotatedAt) return false;
  return now.getTime() - rotatedAt.getTime() < graceSeconds * SECOND;
}
