import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { performance } from 'node:perf_hooks';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AuthState, SessionAuthState, UserAuthState } from './auth-state.js';
import { Invalidation } from './invalidation.js';

/** A session id the database does not know: final, since ids are never reused. */
const MISSING = Object.freeze({ missing: true as const });
type SessionEntry = SessionAuthState | typeof MISSING;

export interface AuthStateCacheStats {
  enabled: boolean;
  hits: number;
  misses: number;
  invalidations: number;
  sessions: number;
  users: number;
  /** Real time since the last invalidation was applied (since start when none yet), for the metrics. */
  lastInvalidationAgeMs: number;
}

/**
 * This instance's memory of auth state, so the guard need not ask the database on every request.
 *
 * Correctness rules (docs/scaling.md):
 * - Bounded: two LRUs of at most `maxEntries` each, whatever the number of users or sessions presented.
 * - A read that started before an invalidation is never cached after it: every invalidation moves the
 *   epoch, and a fill carries the epoch its read began in (the classic read/invalidate race).
 * - Disabled while invalidations may be missed (Redis down): every lookup then goes to the database.
 * - Entries expire after the safety-net TTL, which bounds the damage of a lost message.
 */
@Injectable()
export class AuthStateCache {
  private readonly sessions: LRUCache<string, SessionEntry>;
  private readonly users: LRUCache<string, UserAuthState>;
  private epoch = 0;
  private enabled = true;
  private readonly counters = { hits: 0, misses: 0, invalidations: 0 };
  private lastInvalidationAt = performance.now();

  constructor(config: AppConfig, clock: Clock) {
    const options = {
      max: config.authCache.maxEntries,
      ttl: config.authCache.ttl * 1000,
      ttlAutopurge: false,
      ttlResolution: 0,
      perf: { now: () => clock.nowMs() },
    };
    this.sessions = new LRUCache<string, SessionEntry>(options);
    this.users = new LRUCache<string, UserAuthState>(options);
  }

  /** The cached state: an AuthState, `null` for a session known not to exist, undefined on a miss. */
  get(sessionId: string): AuthState | null | undefined {
    const session = this.enabled ? this.sessions.get(sessionId) : undefined;
    if (session && 'missing' in session) return this.hit(null);
    const user = session && this.users.get(session.userId);
    if (!session || !user) {
      this.counters.misses += 1;
      return undefined;
    }
    return this.hit({ session, user });
  }

  /** Call before reading the database; hand the answer to `fill` with it. */
  beginRead(): number {
    return this.epoch;
  }

  /** Stores what a read found, unless an invalidation arrived since the read began. */
  fill(sessionId: string, state: AuthState | undefined, readEpoch: number): void {
    if (!this.enabled || readEpoch !== this.epoch) return;
    if (!state) {
      this.sessions.set(sessionId, MISSING);
      return;
    }
    this.sessions.set(sessionId, state.session);
    this.users.set(state.session.userId, state.user);
  }

  apply(message: Invalidation): void {
    this.epoch += 1;
    this.counters.invalidations += 1;
    this.lastInvalidationAt = performance.now();
    if (message.kind === 'user') this.users.delete(message.id);
    else if (message.kind === 'session') this.sessions.delete(message.id);
    else this.clear();
  }

  /** Off: nothing is served or stored until turned on again, when it starts empty. */
  setEnabled(enabled: boolean): void {
    this.clear();
    this.enabled = enabled;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  stats(): AuthStateCacheStats {
    return {
      enabled: this.enabled,
      ...this.counters,
      sessions: this.sessions.size,
      users: this.users.size,
      lastInvalidationAgeMs: performance.now() - this.lastInvalidationAt,
    };
  }

  private clear(): void {
    this.epoch += 1;
    this.sessions.clear();
    this.users.clear();
  }

  private hit<T>(value: T): T {
    this.counters.hits += 1;
    return value;
  }
}
