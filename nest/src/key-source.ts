import type { KeyObject } from 'node:crypto';

/** Where the verifier finds the key for a token: the one pinned algorithm and the key its `kid` names. */
export interface KeySource {
  readonly algorithm: 'HS256' | 'ES256';
  /**
   * The key, or undefined when none is known for this `kid` (the token is then invalid). `askedAtMs`: when
   * the caller began, so keys fetched since then count as current.
   */
  keyFor(kid: string | undefined, askedAtMs?: number): Promise<KeyObject | undefined>;
  /** Brings the keys up to date if they are due for it (the JWKS's periodic refetch); called on every use. */
  refreshIfStale(): Promise<void>;
  /** Moves when a key the source held is withdrawn: signatures verified before then must be checked again. */
  readonly version: number;
}
