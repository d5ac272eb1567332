import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './test-app.js';

const HASH_BY_ALG: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeToken(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw new Error('not a JWT');
  return { header: decoded.header as unknown as Record<string, unknown>, payload: decoded.payload };
}

/**
 * Signs arbitrary claims with the test secret by hand (jsonwebtoken would refuse the malformed claims
 * we want to send), as only someone holding the server secret could.
 */
export function signWithTestSecret(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { typ: 'at+jwt' },
  alg = 'HS256',
): string {
  const signingInput = `${encode({ ...header, alg })}.${encode(payload)}`;
  const signature = createHmac(HASH_BY_ALG[alg], TEST_JWT_SECRET).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** Re-signs a real token (same header, same key) with changed claims: only the claims differ. */
export function tamperClaims(token: string, changes: Record<string, unknown>): string {
  const { header, payload } = decodeToken(token);
  const claims: Record<string, unknown> = { ...payload, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete claims[key];
  return signWithTestSecret(claims, header, String(header.alg));
}

/** Re-signs a real token's claims under a changed header (with `undefined` removing a field). */
export function tamperHeader(token: string, changes: Record<string, unknown>, alg = 'HS256'): string {
  const { header, payload } = decodeToken(token);
  const next: Record<string, unknown> = { ...header, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete next[key];
  delete next.alg;
  return signWithTestSecret(payload, next, alg);
}

/** `alg: none` tokens as attackers spell them: no signature at all. */
export function unsignedToken(payload: Record<string, unknown>, alg = 'none'): string {
  return `${encode({ alg, typ: 'at+jwt' })}.${encode(payload)}.`;
}
