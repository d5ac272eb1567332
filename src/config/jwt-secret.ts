import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIN_SECRET_BYTES = 32;
const PLACEHOLDERS = /^(change.?me|secret|password|your.?secret|jwt.?secret|x+|0+)$/i;

/** Why a configured secret is unacceptable, or undefined when it is fine. */
export function weakSecretReason(secret: string): string | undefined {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    return `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`;
  }
  if (PLACEHOLDERS.test(secret) || new Set(secret).size < 8) return 'JWT_SECRET looks like a placeholder';
  return undefined;
}

/**
 * Outside production a missing JWT_SECRET is generated once and kept in the data directory, so
 * `npm start` works with no setup and tokens survive restarts. Production must configure it.
 */
export function loadOrCreateLocalSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
