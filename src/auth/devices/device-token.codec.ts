import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'dv1';
const TOKEN_PATTERN = /^dv1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * OWASP's "device cookie" against account lockout: after a successful sign-in a device receives
 * `dv1.<nonce>.<mac>`, mac = HMAC-SHA256(K, "<user id>.<nonce>"), K derived from the server secret. It
 * proves that this device has signed in to this account before, so while strangers' attempts have the
 * account throttled, the owner's known devices are limited on their own (docs/security.md). Nothing is
 * stored; a token is worthless for another account.
 */
export class DeviceTokenCodec {
  private readonly keys: Buffer[];

  constructor(serverSecrets: string[]) {
    // A key of its own: a device token can never be mistaken for a refresh token or a JWT signature.
    this.keys = serverSecrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'autorenew', 'device-token-v1', 32)));
  }

  issue(userId: string): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${PREFIX}.${nonce}.${this.mac(this.keys[0], userId, nonce).toString('base64url')}`;
  }

  /** The token's nonce when it was issued by us to this user's device; undefined otherwise. */
  deviceOf(token: unknown, userId: string): string | undefined {
    if (typeof token !== 'string') return undefined;
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return undefined;
    const presented = Buffer.from(match[2], 'base64url');
    const authentic = this.keys.some((key) => {
      const expected = this.mac(key, userId, match[1]);
      return presented.length === expected.length && timingSafeEqual(presented, expected);
    });
    return authentic ? match[1] : undefined;
  }

  private mac(key: Buffer, userId: string, nonce: string): Buffer {
    return createHmac('sha256', key).update(`${userId}.${nonce}`).digest();
  }
}
