/**
 * The account page's Content Security Policy: its own scripts, styles, images and API only; no inline
 * script or style, no plugins, no framing, no foreign form targets. The JSON API keeps helmet's
 * `default-src 'none'`.
 */
export const ACCOUNT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
