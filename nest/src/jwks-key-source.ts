import { Logger } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import type { AutorenewClock } from './autorenew-clock.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { KeySource } from './key-source.js';

/** At most one JWKS fetch per this interval: a flood of forged `kid`s must not hammer the service. */
export const JWKS_REFETCH_INTERVAL_MS = 10_000;
/** A key set older than this is fetched again on use, so keys the service withdrew are forgotten. */
export const JWKS_MAX_AGE_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 2000;

interface Jwk {
  kid?: unknown;
  kty?: unknown;
  crv?: unknown;
  alg?: unknown;
  use?: unknown;
}

/**
 * ES256 public keys from `<serviceUrl>/.well-known/jwks.json`, fetched on first use, again when a token
 * names a `kid` we do not hold (the service rotated its key), and again on use once the set is older than
 * JWKS_MAX_AGE_MS (a withdrawn key is forgotten), at most once per JWKS_REFETCH_INTERVAL_MS. A `kid` is
 * only ever looked up in this map, never used to build a URL.
 */
export class JwksKeySource implements KeySource {
  readonly algorithm = 'ES256' as const;
  private readonly logger = new Logger('AutorenewGuard');
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private lastAttemptAt = -Infinity;
  private lastAttemptFailed = false;
  private pending?: Promise<void>;
  private generation = 0;

  constructor(
    private readonly serviceUrl: string,
    private readonly clock: AutorenewClock,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Moves whenever a fetched set no longer holds a key we held: signatures checked with it are void. */
  get version(): number {
    return this.generation;
  }

  /** Fetches the set again when it is older than JWKS_MAX_AGE_MS (rate-limited), so a withdrawn key is dropped. */
  async refreshIfStale(): Promise<void> {
    if (this.clock.nowMs() - this.fetchedAt < JWKS_MAX_AGE_MS) return;
    this.fetchIfAllowed();
    await this.pending;
  }

  async keyFor(kid: string | undefined, askedAtMs = Infinity): Promise<KeyObject | undefined> {
    if (kid === undefined) return undefined;
    const known = this.keys.get(kid);
    if (known && this.clock.nowMs() - this.fetchedAt < JWKS_MAX_AGE_MS) return known;
    // A set fetched since the caller began (its refreshIfStale) answers as well as one we would fetch now.
    const consulted = this.fetchIfAllowed() || this.fetchedAt >= askedAtMs;
    await this.pending;
    const key = this.keys.get(kid);
    if (key) return key;
    // Without the service's current keys we cannot tell a forged token from a real one: fail closed,
    // but as an outage, not as "invalid". The same when the rate limit kept us from asking: the token may
    // carry a key rotated in since, and a flood of forged kids must not make it look invalid; the client
    // retries after Retry-After, by when a fetch is allowed again.
    if (this.lastAttemptFailed || !consulted) throw new AutorenewAuthError(AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE);
    return undefined;
  }

  /** Starts a fetch unless one is under way or the rate limit forbids; true when a fetch (new or under way) will answer. */
  private fetchIfAllowed(): boolean {
    // A fetch already under way began moments ago: its answer is as current as one we would start.
    if (this.pending) return true;
    const now = this.clock.nowMs();
    if (now - this.lastAttemptAt < JWKS_REFETCH_INTERVAL_MS) return false;
    this.lastAttemptAt = now;
    this.pending = this.refresh().finally(() => (this.pending = undefined));
    return true;
  }

  private async refresh(): Promise<void> {
    try {
      // No redirects: the keys come from the configured service URL, never from wherever it points us.
      const response = await this.fetchImpl(`${this.serviceUrl}/.well-known/jwks.json`, {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const keys = toKeys(await response.json());
      if ([...this.keys.keys()].some((kid) => !keys.has(kid))) this.generation += 1;
      this.keys = keys;
      this.fetchedAt = this.clock.nowMs();
      this.lastAttemptFailed = false;
    } catch (error) {
      // The keys we hold stay in use: they were the service's, and a failed fetch withdraws nothing.
      this.lastAttemptFailed = true;
      this.logger.warn(`Could not fetch the service's JWKS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Only P-256 signing keys with a `kid`; anything else in the set is ignored, never trusted. */
function toKeys(body: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('no keys array');
  for (const jwk of list as Jwk[]) {
    if (typeof jwk?.kid !== 'string' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') continue;
    if ((jwk.alg !== undefined && jwk.alg !== 'ES256') || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }));
    } catch {
      // A malformed key is skipped; tokens naming it are refused.
    }
  }
  return keys;
}
