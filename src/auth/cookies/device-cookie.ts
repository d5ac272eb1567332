/**
 * Where a browser keeps its device token (see DeviceTokenCodec): `__Host-`, HttpOnly, Secure,
 * SameSite=Strict like the refresh cookie, and kept for a year, across sign-outs, since it only proves
 * that this browser has signed in to the account before.
 */
export const DEVICE_COOKIE = '__Host-device_token';
const ONE_YEAR = 365 * 24 * 3600;

export function deviceCookieFor(token: string): string {
  return `${DEVICE_COOKIE}=${token}; Max-Age=${ONE_YEAR}; Path=/; HttpOnly; Secure; SameSite=Strict`;
}
