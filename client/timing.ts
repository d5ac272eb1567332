/** setTimeout's ceiling (2^31 − 1 ms): a longer delay would overflow and fire at once. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

export function clampDelay(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_DELAY);
}

/**
 * Lead before expiry: the caller's, else min(60 s, a tenth of the lifetime). Never more than half the
 * lifetime: a lead at or beyond it is the classic refresh storm (renew, get a short token, renew at once).
 */
export function leadMs(expiresInSeconds: number, leadSeconds?: number): number {
  const lifetime = expiresInSeconds * 1000;
  const lead = leadSeconds !== undefined ? leadSeconds * 1000 : Math.min(60_000, lifetime / 10);
  return Math.min(lead, lifetime / 2);
}

/** When to renew, in ms after receipt: lifetime − lead − jitter (up to a fifth of the lead). */
export function renewAfterMs(expiresInSeconds: number, leadSeconds: number | undefined, random: () => number): number {
  const lead = leadMs(expiresInSeconds, leadSeconds);
  return expiresInSeconds * 1000 - lead - random() * lead * 0.2;
}

/** Exponential backoff with full jitter (capped at 30 s), never sooner than Retry-After asks (up to 10 min). */
export function backoffMs(attempt: number, retryAfterSeconds: number | undefined, random: () => number): number {
  const exponential = Math.min(30_000, 500 * 2 ** attempt) * random();
  return Math.max(exponential, Math.min(600_000, (retryAfterSeconds ?? 0) * 1000));
}

export function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** The service's default REFRESH_REUSE_GRACE, and how long a refresh answer is awaited by default. */
export const DEFAULT_REUSE_GRACE_SECONDS = 10;
export const DEFAULT_REFRESH_TIMEOUT_MS = 4_000;

/**
 * A refresh whose answer never came may still have rotated the token on the server, which then accepts
 * the old token only within REFRESH_REUSE_GRACE of that rotation (and revokes the session as reuse after).
 * So every retry must be over, answered or aborted, within the grace of the first unanswered send: the
 * last one may leave `grace − timeout` after it. At least one retry must fit, hence timeout ≤ grace / 2.
 */
export function checkRefreshTimeout(timeoutMs: number, graceSeconds: number): void {
  if (!(timeoutMs > 0) || !(graceSeconds >= 0))
    throw new RangeError('autorenew: refreshTimeout must be positive and reuseGraceSeconds at least 0');
  if (graceSeconds > 0 && 2 * timeoutMs > graceSeconds * 1000) {
    throw new RangeError(
      `autorenew: refreshTimeout (${timeoutMs} ms) must be at most half of the server's REFRESH_REUSE_GRACE (reuseGraceSeconds: ${graceSeconds}), or a retry after a lost answer would be refused as reuse`,
    );
  }
}

/**
 * How long to wait before retrying a refresh, or undefined to give up. `unsureForMs`: time since the first
 * send whose answer never came (undefined while every failure was a definite "not done", 503 or 429);
 * from then on a retry is sent only while it can be over inside the grace window.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  unsureForMs: number | undefined,
  window: { graceMs: number; timeoutMs: number },
  random: () => number,
): number | undefined {
  const wanted = backoffMs(attempt, retryAfterSeconds, random);
  if (unsureForMs === undefined) return wanted;
  const left = window.graceMs - window.timeoutMs - unsureForMs;
  if (left < 0 || (retryAfterSeconds !== undefined && wanted > left)) return undefined;
  return Math.min(wanted, left);
}
