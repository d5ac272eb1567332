import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { AccessTokenClaims, ClaimLimits, DEFAULT_CLAIM_LIMITS, DecodedToken, checkAccessTokenClaims } from './access-token-claims.js';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import type { AutorenewClock } from './autorenew-clock.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';
import type { KeySource } from './key-source.js';

/** Header parameters that would let a token choose its own key (RFC 8725 §3.10); never honoured. */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'crit'];

/**
 * Tokens whose signature was verified, by their exact text: a client presents the same token for minutes,
 * and the signature check is most of a cache hit's cost. Bounded; only valid signatures enter.
 */
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * The service's verification rules, applied here without asking it: the pinned algorithm and the key
 * the `kid` names, signature, issuer, audience, then type, claims and time (access-token-claims.ts).
 */
export class TokenVerifier {
  private readonly verified = new LRUCache<string, DecodedToken>({ max: VERIFIED_TOKENS_MAX });
  private verifiedWithKeysVersion: number;
  private readonly limits: ClaimLimits;

  constructor(
    private readonly keys: KeySource,
    private readonly expected: { issuer: string; audience: string; accessTokenTtl?: number; clockSkew?: number },
    private readonly clock: AutorenewClock,
  ) {
    this.verifiedWithKeysVersion = keys.version;
    this.limits = {
      maxTtlSeconds: expected.accessTokenTtl ?? DEFAULT_CLAIM_LIMITS.maxTtlSeconds,
      skewSeconds: expected.clockSkew ?? DEFAULT_CLAIM_LIMITS.skewSeconds,
    };
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const askedAtMs = this.clock.nowMs();
    await this.keys.refreshIfStale();
    // A key was withdrawn since: what it verified no longer counts.
    if (this.keys.version !== this.verifiedWithKeysVersion) {
      this.verified.clear();
      this.verifiedWithKeysVersion = this.keys.version;
    }
    let decoded = this.verified.get(token);
    if (!decoded) {
      decoded = await this.verifySignature(token, askedAtMs);
      // Remembered only if no key was withdrawn while we checked (the key we used may have been the one).
      if (this.keys.version === this.verifiedWithKeysVersion) this.verified.set(token, decoded);
    }
    // Time and claim rules run on every use, cached or not.
    return checkAccessTokenClaims(decoded, Math.floor(this.clock.nowMs() / 1000), this.limits);
  }

  private async verifySignature(token: string, askedAtMs: number): Promise<DecodedToken> {
    const invalid = () => new AutorenewAuthError(AutorenewErrorCode.TOKEN_INVALID);
    const parsed = decode(token);
    if (!parsed) throw invalid();
    const header = parsed.header as unknown as Record<string, unknown>;
    // The algorithm is ours to choose, never the token's: `none`, HS256-with-the-public-key and the like fail here.
    if (header.alg !== this.keys.algorithm || FORBIDDEN_HEADERS.some((name) => name in header)) throw invalid();
    const key = await this.keys.keyFor(typeof header.kid === 'string' ? header.kid : undefined, askedAtMs);
    if (!key) throw invalid();
    try {
      const options: jwt.VerifyOptions & { complete: true } = {
        algorithms: [this.keys.algorithm],
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        ignoreExpiration: true,
        ignoreNotBefore: true,
        complete: true,
      };
      return jwt.verify(token, key, options);
    } catch {
      throw invalid();
    }
  }
}

/** Null for anything that is not a JWT: `jwt.decode` throws on some (a `typ: JWT` header with a non-JSON payload). */
function decode(token: string): jwt.Jwt | null {
  try {
    return jwt.decode(token, { complete: true });
  } catch {
    return null;
  }
}
