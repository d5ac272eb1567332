import type { KeyObject } from 'node:crypto';

/** Where the verifier finds the key for a token: the one pinned algorithm and the key its `kid` names. */
export interface KeySource {
  readonly algorithm: 'HS256' | 'ES256';
  /** The key, or undefined when none is known for this `kid` (the token is then invalid). */
  keyFor(kid: string | undefined): Promise<KeyObject | undefined>;
}
