import { type JsonWebKey as JsonWebKeyInput, KeyObject, createHash, createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';

export type AccessTokenAlgorithm = 'HS256' | 'ES256';

export interface VerificationKey {
  kid: string;
  algorithm: AccessTokenAlgorithm;
  key: KeyObject;
}

/** Header parameters that would let a token choose its own key (RFC 8725 §3.10); we never honour them. */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'crit'];

/**
 * The keys that sign and verify access tokens. The current key signs; retired keys (previous secrets or
 * public keys) only verify, until the operator removes them. Tokens name their key with `kid`, which is
 * only ever looked up in this map: never used as a path, URL or query.
 */
export class SigningKeys {
  readonly signing: VerificationKey & { signingKey: KeyObject };
  readonly algorithms: AccessTokenAlgorithm[];
  private readonly byKid = new Map<string, VerificationKey>();

  constructor(jwt: AppConfig['jwt']) {
    // KeyObjects, not strings: jsonwebtoken re-imports string secrets on every call (~50x slower).
    this.signing = jwt.algorithm === 'ES256' ? ecSigningKey(jwt.privateKey!) : hmacKey(jwt.secret);
    this.add(this.signing);
    for (const secret of jwt.previousSecrets) this.add(hmacKey(secret));
    for (const pem of jwt.previousPublicKeys) this.add(ecPublicKey(createPublicKey(pem)));
    this.algorithms = [...new Set([...this.byKid.values()].map((key) => key.algorithm))];
  }

  /** The key a token header asks for, or undefined when the header is not one we accept. */
  resolve(header: Record<string, unknown>): VerificationKey | undefined {
    if (FORBIDDEN_HEADERS.some((name) => name in header)) return undefined;
    const key = typeof header.kid === 'string' ? this.byKid.get(header.kid) : undefined;
    return key && header.alg === key.algorithm ? key : undefined;
  }

  /** Public keys for other services to verify our access tokens (RFC 7517). Secrets are never published. */
  jwks(): { keys: JsonWebKeyInput[] } {
    const keys = [...this.byKid.values()]
      .filter((key) => key.algorithm === 'ES256')
      .map((key) => ({ ...key.key.export({ format: 'jwk' }), kid: key.kid, alg: key.algorithm, use: 'sig' }));
    return { keys };
  }

  private add(key: VerificationKey): void {
    this.byKid.set(key.kid, { kid: key.kid, algorithm: key.algorithm, key: key.key });
  }
}

function hmacKey(secret: string): VerificationKey & { signingKey: KeyObject } {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  // A one-way digest names the secret without revealing it.
  const kid = `hs-${createHash('sha256').update(`autorenew key id:${secret}`).digest('base64url').slice(0, 16)}`;
  return { kid, algorithm: 'HS256', key, signingKey: key };
}

function ecSigningKey(pem: string): VerificationKey & { signingKey: KeyObject } {
  const signingKey = createPrivateKey(pem);
  return { ...ecPublicKey(createPublicKey(signingKey)), signingKey };
}

/** kid is the RFC 7638 thumbprint of the public key, so every service derives the same one. */
function ecPublicKey(key: KeyObject): VerificationKey {
  const { crv, kty, x, y } = key.export({ format: 'jwk' });
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return { kid: thumbprint, algorithm: 'ES256', key };
}
