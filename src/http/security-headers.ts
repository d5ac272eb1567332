import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** A JSON API: nothing may be framed, sniffed or loaded from its responses. */
export const API_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

/**
 * The headers helmet sets, computed once. Our options contain no per-request value (no nonce), so the
 * answer is the same for every request; running helmet's middleware per request re-parsed the CSP
 * directives every time (about 5% of a request's CPU in the profile, docs/performance.md).
 */
export function helmetHeaders(options: HelmetOptions = API_HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  } as unknown as ServerResponse;
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response, (error?: unknown) => {
    failure = error;
  });
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- helmet's own error (invalid options), passed on as it came
  if (failure) throw failure;
  return headers;
}
