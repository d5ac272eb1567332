import { KeyObject, createSecretKey } from 'node:crypto';
import type { KeySource } from './key-source.js';

/** HS256 with the service's shared `JWT_SECRET`. A KeyObject: jsonwebtoken re-imports strings on every call. */
export class SecretKeySource implements KeySource {
  readonly algorithm = 'HS256' as const;
  /** The one configured secret is never withdrawn. */
  readonly version = 0;
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  refreshIfStale(): Promise<void> {
    return Promise.resolve();
  }

  keyFor(): Promise<KeyObject> {
    return Promise.resolve(this.key);
  }
}
