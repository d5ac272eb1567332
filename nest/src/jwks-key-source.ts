import { Logger } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import type { AutorenewClock } from './autorenew-clock.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { KeySource } from './key-source.js';

/** At most one JWKS fetch per this interval: a flood of forged `kid`s must not hammer the service. */
export const JWKS_REFETCH_INTERVAL_MS = 10_000;
const FETCH_TIMEOUT_MS = 2000;

interface Jwk {
  kid?: unknown;
  kty?: unknown;
  crv?: unknown;
  alg?: unknown;
  use?: unknown;
}

/**
 * ES256 public keys from `<serviceUrl>/.well-known/jwks.json`, fetched on first use and again when a token
 * names a `kid` we do not hold (the service rotated its key), rate-limited. A `kid` is only ever looked up
 * in this map, never used to build a URL.
 */
export class JwksKeySource implements KeySource {
  readonly algorithm = 'ES256' as const;
  private readonly logger = new Logger('AutorenewGuard');
  private keys = new Map<string, KeyObject>();
  private lastAttemptAt = -Infinity;
  private lastAttemptFailed = false;
  private pending?: Promise<void>;

  constructor(
    private readonly serviceUrl: string,
    private readonly clock: AutorenewClock,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async keyFor(kid: string | undefined): Promise<KeyObject | undefined> {
    if (kid === undefined) return undefined;
    const known = this.keys.get(kid);
    if (known) return known;
    if (this.clock.nowMs() - this.lastAttemptAt >= JWKS_REFETCH_INTERVAL_MS) {
      this.lastAttemptAt = this.clock.nowMs();
      this.pending = this.refresh();
    }
    await this.pending;
    const key = this.keys.get(kid);
    // Without the service's current keys we cannot tell a forged token from a real one: fail closed,
    // but as an outage, not as "invalid".
    if (!key && this.lastAttemptFailed) throw new AutorenewAuthError(AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE);
    return key;
  }

  private async refresh(): Promise<void> {
    try {
      // No redirects: the keys come from the configured service URL, never from wherever it points us.
      const response = await this.fetchImpl(`${this.serviceUrl}/.well-known/jwks.json`, {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      this.keys = toKeys(await response.json());
      this.lastAttemptFailed = false;
    } catch (error) {
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
