import { sqlTime } from '../common/database/sql-time.js';

const SECOND = 1000;

/**
 * The one definition of a session's lifetime (docs/sessions.md, "Lifetimes" and the grace window). The
 * refresh path, the device list, the guard's auth state and the SQL all derive from these functions,
 * so "is this session live" cannot be answered three different ways.
 *
 * A session is live while it is not revoked and `now` is before its end; its end is the idle expiry
 * (`expiresAt`, slid forward by each refresh) but never later than the absolute expiry fixed at login
 * (`maxExpiresAt`).
 */
export interface SessionLifetime {
  expiresAt: Date;
  maxExpiresAt: Date;
}

export interface SessionLiveness extends SessionLifetime {
  revokedAt: Date | null;
}

export interface SessionLifetimeSettings {
  /** SESSION_IDLE_TTL, seconds. */
  idleTtl: number;
  /** SESSION_MAX_AGE, seconds. */
  maxAge: number;
}

/** The lifetime of a session opened at `now`: the absolute cap is fixed here and never moves. */
export function newSessionLifetime(now: Date, settings: SessionLifetimeSettings): SessionLifetime {
  const maxExpiresAt = new Date(now.getTime() + settings.maxAge * SECOND);
  return { expiresAt: slidingExpiry(now, settings.idleTtl, maxExpiresAt), maxExpiresAt };
}

/** Idle expiry slides with use but never passes the absolute cap set at login. */
export function slidingExpiry(now: Date, idleTtlSeconds: number, maxExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + idleTtlSeconds * SECOND, maxExpiresAt.getTime()));
}

/** Epoch milliseconds at which the session stops being usable: idle or absolute expiry, whichever is first. */
export function sessionEndMs(session: SessionLifetime): number {
  return Math.min(session.expiresAt.getTime(), session.maxExpiresAt.getTime());
}

/** True once `nowMs` has reached the session's end (`sessionEndMs`); the end itself is already past. */
export function hasEnded(endMs: number, nowMs: number): boolean {
  return endMs <= nowMs;
}

export function isExpired(session: SessionLifetime, now: Date): boolean {
  return hasEnded(sessionEndMs(session), now.getTime());
}

/** Not revoked and not expired: the session still speaks for its user. */
export function isLive(session: SessionLiveness, now: Date): boolean {
  return session.revokedAt === null && !isExpired(session, now);
}

/** Strictly inside the window, so a grace of 0 disables it even when two refreshes share a millisecond. */
export function isWithinGrace(rotatedAt: Date | null, now: Date, graceSeconds: number): boolean {
  if (!rotatedAt) return false;
  return now.getTime() - rotatedAt.getTime() < graceSeconds * SECOND;
}

/** A WHERE fragment with positional `?` placeholders and its parameters, in order. */
export interface SqlCondition {
  sql: string;
  parameters: string[];
}

/** `isLive` in SQL, for the sessions table under `alias`: same columns, same comparisons. */
export function liveSessionSql(alias: string, now: Date): SqlCondition {
  const at = sqlTime(now);
  return { sql: `${alias}.revoked_at IS NULL AND ${alias}.expires_at > ? AND ${alias}.max_expires_at > ?`, parameters: [at, at] };
}

/** Sessions that ended (were revoked, or reached their end) strictly before `cutoff`: the retention purge. */
export function endedBeforeSql(cutoff: Date): SqlCondition {
  const at = sqlTime(cutoff);
  return { sql: 'revoked_at < ? OR expires_at < ? OR max_expires_at < ?', parameters: [at, at, at] };
}
