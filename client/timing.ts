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
