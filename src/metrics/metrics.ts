import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type LoginOutcome = 'success' | 'invalid_credentials' | 'disabled' | 'throttled';
export type RefreshOutcome = 'rotated' | 'grace_reissue' | 'reuse_detected' | 'expired' | 'revoked' | 'invalid';
/** Why credentials ended; `device` is a user ending one of their other sessions, `guessing` a session ended for failed password checks, `stale_login` a sign-in that raced a revocation. */
export type RevocationCause =
  'logout' | 'logout_all' | 'password_change' | 'password_reset' | 'admin' | 'reuse' | 'cap' | 'device' | 'guessing' | 'stale_login';
/** RFC 7662 answers (`active`, `inactive`) and refused callers (`invalid_client`, `throttled`). */
export type IntrospectionResult = 'active' | 'inactive' | 'invalid_client' | 'throttled';
export type HashPool = 'sign_in' | 'new_password';

/** What a hashing pool reports at scrape time (src/auth/passwords/hash-limiter.ts). */
export interface HashPoolStats {
  running: number;
  queued: number;
  rejected: number;
}

/** What the rest of the service reports at scrape time: read then, so the request path pays nothing. */
export interface ScrapeSources {
  authCache(): { enabled: boolean; hits: number; misses: number; invalidations: number; lastInvalidationAgeSeconds: number };
  hashPools(): Record<HashPool, HashPoolStats>;
  /** Undefined without REDIS_URL. */
  redisConnected?(): { commands: boolean; subscriber: boolean };
}

const PREFIX = 'autorenew_';
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const HASH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The event counters and histograms; built only when METRICS_PORT is set. */
class Instruments {
  readonly logins: Counter<'outcome'>;
  readonly refreshes: Counter<'outcome'>;
  readonly revocations: Counter<'cause'>;
  readonly introspections: Counter<'result'>;
  readonly unauthorized: Counter<'code'>;
  readonly throttled: Counter<'limiter'>;
  readonly hashDuration: Histogram<'operation'>;
  readonly requestDuration: Histogram<'route' | 'method' | 'status_class'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.logins = new Counter({ name: `${PREFIX}logins_total`, help: 'Sign-in attempts by outcome.', labelNames: ['outcome'], registers });
    this.refreshes = new Counter({
      name: `${PREFIX}refreshes_total`,
      help: 'Refresh-token exchanges by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.revocations = new Counter({
      name: `${PREFIX}revocations_total`,
      help: 'Revocations that took effect, by cause.',
      labelNames: ['cause'],
      registers,
    });
    this.introspections = new Counter({
      name: `${PREFIX}introspections_total`,
      help: 'POST /oauth/introspect calls by result.',
      labelNames: ['result'],
      registers,
    });
    this.unauthorized = new Counter({
      name: `${PREFIX}http_unauthorized_total`,
      help: '401 responses by error code.',
      labelNames: ['code'],
      registers,
    });
    this.throttled = new Counter({
      name: `${PREFIX}throttled_total`,
      help: '429 responses by the limit that refused.',
      labelNames: ['limiter'],
      registers,
    });
    this.hashDuration = new Histogram({
      name: `${PREFIX}password_hash_duration_seconds`,
      help: 'argon2 work, excluding the wait for a slot.',
      labelNames: ['operation'],
      buckets: HASH_BUCKETS,
      registers,
    });
    this.requestDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP request duration by route template, method and status class.',
      labelNames: ['route', 'method', 'status_class'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
  }
}

/**
 * The service's Prometheus metrics, in a registry of its own (two apps in one process must not share
 * prom-client's global one). Without METRICS_PORT nothing is built and every method is a no-op.
 */
export class Metrics {
  private readonly instruments?: Instruments;
  /** One histogram child per route, method and status class: label lookup costs a hash of the labels. */
  private readonly requestChildren = new Map<string, { observe(value: number): void }>();

  constructor(enabled: boolean) {
    if (!enabled) return;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
    this.instruments = new Instruments(registry);
  }

  static disabled(): Metrics {
    return new Metrics(false);
  }

  get enabled(): boolean {
    return this.instruments !== undefined;
  }

  get registry(): Registry | undefined {
    return this.instruments?.registry;
  }

  login(outcome: LoginOutcome): void {
    this.instruments?.logins.inc({ outcome });
  }

  refresh(outcome: RefreshOutcome): void {
    this.instruments?.refreshes.inc({ outcome });
  }

  revoked(cause: RevocationCause): void {
    this.instruments?.revocations.inc({ cause });
  }

  introspection(result: IntrospectionResult): void {
    this.instruments?.introspections.inc({ result });
  }

  unauthorized(code: string): void {
    this.instruments?.unauthorized.inc({ code });
  }

  throttled(limiter: string): void {
    this.instruments?.throttled.inc({ limiter });
  }

  timeHash<T>(operation: 'hash' | 'verify', work: () => Promise<T>): Promise<T> {
    if (!this.instruments) return work();
    const end = this.instruments.hashDuration.startTimer({ operation });
    return work().finally(() => end());
  }

  /** `route` is a route template (or `unmatched`), never a raw URL. */
  requestDone(route: string, method: string, statusCode: number, seconds: number): void {
    if (!this.instruments) return;
    const statusClass = `${Math.floor(statusCode / 100)}xx`;
    const key = `${method} ${route} ${statusClass}`;
    let child = this.requestChildren.get(key);
    if (!child) {
      child = this.instruments.requestDuration.labels({ route, method, status_class: statusClass });
      this.requestChildren.set(key, child);
    }
    child.observe(seconds);
  }

  /** Gauges and counters the service already keeps, read when Prometheus scrapes. */
  watch(sources: ScrapeSources): void {
    if (!this.instruments) return;
    const registers = [this.instruments.registry];
    const cache = () => sources.authCache();
    new Counter({
      name: `${PREFIX}auth_cache_hits_total`,
      help: 'Guard lookups answered from the auth-state cache.',
      registers,
      collect() {
        this.reset();
        this.inc(cache().hits);
      },
    });
    new Counter({
      name: `${PREFIX}auth_cache_misses_total`,
      help: 'Guard lookups that read the database.',
      registers,
      collect() {
        this.reset();
        this.inc(cache().misses);
      },
    });
    new Counter({
      name: `${PREFIX}auth_cache_invalidations_total`,
      help: 'Invalidation messages applied to the auth-state cache (local and from Redis).',
      registers,
      collect() {
        this.reset();
        this.inc(cache().invalidations);
      },
    });
    new Gauge({
      name: `${PREFIX}auth_cache_enabled`,
      help: '1 while the auth-state cache is trusted; 0 while every request reads the database (invalidation channel lost).',
      registers,
      collect() {
        this.set(cache().enabled ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}auth_cache_last_invalidation_age_seconds`,
      help: 'Seconds since the last invalidation message was applied (since start when none yet).',
      registers,
      collect() {
        this.set(cache().lastInvalidationAgeSeconds);
      },
    });
    const pools = () => Object.entries(sources.hashPools()) as Array<[HashPool, HashPoolStats]>;
    new Gauge({
      name: `${PREFIX}password_hash_in_flight`,
      help: 'argon2 operations running, by pool.',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, stats] of pools()) this.set({ pool }, stats.running);
      },
    });
    new Gauge({
      name: `${PREFIX}password_hash_queued`,
      help: 'argon2 operations waiting for a slot, by pool.',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, stats] of pools()) this.set({ pool }, stats.queued);
      },
    });
    new Counter({
      name: `${PREFIX}password_hash_rejected_total`,
      help: 'Requests answered 503 because the hashing pool and its queue were full.',
      labelNames: ['pool'],
      registers,
      collect() {
        this.reset();
        for (const [pool, stats] of pools()) this.inc({ pool }, stats.rejected);
      },
    });
    const redis = sources.redisConnected?.bind(sources);
    if (!redis) return;
    new Gauge({
      name: `${PREFIX}redis_connected`,
      help: '1 while the Redis connection is ready, by connection.',
      labelNames: ['connection'],
      registers,
      collect() {
        const state = redis();
        this.set({ connection: 'commands' }, state.commands ? 1 : 0);
        this.set({ connection: 'subscriber' }, state.subscriber ? 1 : 0);
      },
    });
  }
}
