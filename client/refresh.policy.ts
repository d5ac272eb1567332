import { AuthHttp, errorCode, sessionFrom } from './auth.http.js';
import { Clock, Instant, elapsedSince, instant, sleep } from './client.clock.js';
import { DEFAULT_REFRESH_TIMEOUT_MS, DEFAULT_REUSE_GRACE_SECONDS, checkRefreshTimeout, parseRetryAfter, retryDelayMs } from './timing.js';
import type { AuthClientOptions, SignOutReason, StoredSession } from './types.js';

export type RefreshOutcome = { ok: true; session: StoredSession } | { ok: false; signOut?: SignOutReason };

/**
 * One refresh of a stored pair, with its retries: what each answer means (renewed, refused for good, worth
 * retrying), and the bound that keeps every retry of a possibly spent token inside the server's grace.
 */
export class RefreshPolicy {
  private readonly window: { graceMs: number; timeoutMs: number };

  constructor(
    private readonly http: AuthHttp,
    private readonly options: AuthClientOptions,
    private readonly clock: Clock,
    private readonly isStopped: () => boolean,
  ) {
    const timeoutMs = options.refreshTimeout ?? DEFAULT_REFRESH_TIMEOUT_MS;
    const graceSeconds = options.reuseGraceSeconds ?? DEFAULT_REUSE_GRACE_SECONDS;
    checkRefreshTimeout(timeoutMs, graceSeconds);
    this.window = { graceMs: graceSeconds * 1000, timeoutMs };
  }

  async refresh(stored: StoredSession): Promise<RefreshOutcome> {
    const maxRetries = this.options.maxRetries ?? 5;
    let unsureSince: Instant | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const sentAt = instant(this.clock);
      let response: Response | undefined;
      try {
        response = await this.request(stored);
      } catch {
        response = undefined; // a network error or our timeout: retried like a 503, inside the grace window
      }
      if (response?.ok) return renewedPair(await sessionFrom(response, this.clock.wall(), stored.refreshToken), stored);
      if (response && isFinalRefusal(response.status)) return { ok: false, signOut: refusalReason(await errorCode(response)) };
      if (response && !isTransient(response.status)) return { ok: false };
      if (!response || mayHaveRotated(response.status)) unsureSince ??= sentAt;
      if (attempt >= maxRetries || this.isStopped()) return { ok: false };
      const retryAfter = parseRetryAfter(response?.headers.get('retry-after') ?? null);
      const delay = retryDelayMs(attempt, retryAfter, unsureSince && elapsedSince(this.clock, unsureSince), this.window, () =>
        this.clock.random(),
      );
      if (delay === undefined) return { ok: false };
      await sleep(delay);
    }
  }

  /** Bounded: a hung refresh must not stall every request waiting on it, nor outlast the grace window. */
  private async request(stored: StoredSession): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The refresh timed out', 'TimeoutError')), this.window.timeoutMs);
    try {
      if (this.options.transport === 'cookie')
        return await this.http.post('/auth/refresh', {}, { 'X-Requested-With': 'autorenew' }, controller.signal);
      return await this.http.post('/auth/refresh', { refresh_token: stored.refreshToken }, {}, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A refresh renews *our* session or nothing: a pair for another session (a shared cache or proxy mixing
 * up users, a confused server) is never adopted, and we sign out rather than act as someone else.
 */
function renewedPair(session: StoredSession, stored: StoredSession): RefreshOutcome {
  return session.sessionId === stored.sessionId ? { ok: true, session } : { ok: false, signOut: 'revoked' };
}

function isFinalRefusal(status: number): boolean {
  return status === 401 || status === 400;
}

/** Only 503 and 429 say "not done"; a gateway's 502 or 504 may hide a rotation the server completed. */
function mayHaveRotated(status: number): boolean {
  return status >= 500 && status !== 503;
}

function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}

function refusalReason(code: string | undefined): SignOutReason {
  return code === 'SESSION_EXPIRED' ? 'expired' : 'revoked';
}
