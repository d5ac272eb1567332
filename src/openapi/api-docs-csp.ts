/**
 * The Content Security Policy of /docs only: Swagger UI's own script, stylesheet and images (its icons are
 * data: SVGs in the stylesheet), and "try it out" calling this service. No inline script, no plugins,
 * no framing. Every other path keeps the API's `default-src 'none'` (src/http/security-headers.ts).
 */
export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
