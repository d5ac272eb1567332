import { LRUCache } from 'lru-cache';
import type { AccessTokenClaims } from './access-token-claims.js';
import type { AutorenewClock } from './autorenew-clock.js';
import type { AutorenewPrincipal } from './autorenew-principal.js';
import type { Invalidation } from './invalidation.js';

/** What an active introspection answer established for one session at one token version. */
export interface LiveSession extends AutorenewPrincipal {
  ver: number;
}

/** Bounded whatever tokens are presented: only validly signed, live tokens ever enter. */
const LIVENESS_CACHE_MAX = 10_000;

/**
 * This app's memory of the service's "active" answers, per session, so it need not ask on every request.
 * - An entry serves only the same user and token version it was answered for.
 * - Entries expire after `ttlMs`, the bound on a revocation this app did not hear of, or at the session's
 *   end at the service (`session_exp`), whichever comes first: that end is never announced.
 * - An introspection that began before an invalidation is never stored after it (every invalidation
 *   moves the epoch; a fill carries the epoch its call began in).
 * - Disabled while invalidations may be missed (Redis down): every request then asks the service.
 */
export class LivenessCache {
  private readonly entries: LRUCache<string, LiveSession>;
  private epoch = 0;
  private enabled: boolean;

  private readonly ttlMs: number;

  constructor(
    options: { ttlMs: number; enabled: boolean; max?: number },
    private readonly clock: AutorenewClock,
  ) {
    this.enabled = options.enabled;
    this.ttlMs = options.ttlMs;
    this.entries = new LRUCache<string, LiveSession>({
      max: options.max ?? LIVENESS_CACHE_MAX,
      ttl: options.ttlMs,
      ttlAutopurge: false,
      ttlResolution: 0,
      perf: { now: () => clock.nowMs() },
    });
  }

  get(claims: Pick<AccessTokenClaims, 'sub' | 'sid' | 'ver'>): LiveSession | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(claims.sid);
    return entry && entry.userId === claims.sub && entry.ver === claims.ver ? entry : undefined;
  }

  /** Call before asking the service; hand the answer to `fill` with it. */
  beginRead(): number {
    return this.epoch;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /**
   * `endsAtMs`: when the session ends at the service (epoch ms). That end is never announced, so the
   * answer is kept no longer than until then, however long the TTL.
   */
  fill(session: LiveSession, readEpoch: number, endsAtMs = Infinity): void {
    if (!this.enabled || readEpoch !== this.epoch) return;
    // The LRU serves an entry while its age is at most `ttl`; the session is over at `endsAtMs` itself.
    const ttl = Math.min(this.ttlMs, endsAtMs - this.clock.nowMs() - 1);
    // (A ttl of 0 would mean "forever" to the LRU.)
    if (ttl <= 0) return;
    this.entries.set(session.sessionId, session, { ttl });
  }

  apply(message: Invalidation): void {
    this.epoch += 1;
    if (message.kind === 'session') this.entries.delete(message.id);
    else if (message.kind === 'user') this.forgetUser(message.id);
    else this.entries.clear();
  }

  /** Off: nothing served or stored until on again, when it starts empty (messages may have been missed). */
  setEnabled(enabled: boolean): void {
    this.epoch += 1;
    this.entries.clear();
    this.enabled = enabled;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  private forgetUser(userId: string): void {
    // A scan of at most LIVENESS_CACHE_MAX entries, only on a user's version, role or disabled change.
    for (const [sessionId, entry] of this.entries.entries()) if (entry.userId === userId) this.entries.delete(sessionId);
  }
}
