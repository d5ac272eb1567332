import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ParsedRefreshToken {
  sessionId: string;
  generation: number;
}

const PREFIX = 'rt1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TOKEN_PATTERN = new RegExp(`^${PREFIX}\\.(${UUID})\\.(0|[1-9]\\d{0,8})\\.([A-Za-z0-9_-]{43})$`);

/**
 * Refresh tokens are `rt1.<session id>.<generation>.<mac>`, where mac = HMAC-SHA256(key, id.generation.salt)
 * and the key is derived from the server secret. Nothing secret is stored: a copy of the database (which
 * holds the salt) cannot produce a token, yet the server can re-derive the current token of a session.
 * That lets a caller inside the reuse grace window receive the same successor as the first caller instead
 * of forking the session, and lets us tell a replayed ancestor (valid mac, old generation) from garbage.
 */
export class RefreshTokenCodec {
  /** The first key issues; all of them verify, so rotating JWT_SECRET signs no one out. */
  private readonly keys: Buffer[];

  constructor(serverSecrets: string[]) {
    // A separate key per purpose: a refresh-token MAC can never be mistaken for a JWT signature.
    this.keys = serverSecrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'autorenew', 'refresh-token-v1', 32)));
  }

  static newSalt(): string {
    return randomBytes(32).toString('base64url');
  }

  issue(sessionId: string, generation: number, salt: string): string {
    return `${PREFIX}.${sessionId}.${generation}.${this.mac(this.keys[0], sessionId, generation, salt).toString('base64url')}`;
  }

  /** Reads the public parts; says nothing about authenticity. */
  parse(token: unknown): (ParsedRefreshToken & { mac: Buffer }) | undefined {
    if (typeof token !== 'string') return undefined;
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return undefined;
    return { sessionId: match[1], generation: Number(match[2]), mac: Buffer.from(match[3], 'base64url') };
  }

  /** Constant-time check that the token was issued by us for this session and generation. */
  isAuthentic(token: ParsedRefreshToken & { mac: Buffer }, salt: string): boolean {
    return this.keys.some((key) => {
      const expected = this.mac(key, token.sessionId, token.generation, salt);
      return token.mac.length === expected.length && timingSafeEqual(token.mac, expected);
    });
  }

  private mac(key: Buffer, sessionId: string, generation: number, salt: string): Buffer {
    return createHmac('sha256', key).update(`${sessionId}.${generation}.${salt}`).digest();
  }
}
