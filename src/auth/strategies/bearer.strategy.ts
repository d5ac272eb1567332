import { Strategy } from 'passport-strategy';

type Done = (error: unknown, principal?: unknown) => void;

/** What passport hands `fail` when the request carries no bearer token at all. */
export const NO_BEARER_TOKEN = 'no bearer token';

/**
 * The smallest Passport strategy for RFC 6750 bearer tokens: the Authorization header only (§2.1).
 * Tokens in query strings or form bodies (§2.2, §2.3) end up in logs and caches, so they are ignored.
 * What the token means is left to the verify callback.
 */
export class BearerStrategy extends Strategy {
  constructor(private readonly verify: (token: string, done: Done) => void) {
    super();
  }

  override authenticate(request: { headers: Record<string, string | string[] | undefined> }): void {
    const token = bearerToken(request.headers.authorization);
    if (!token) return this.fail(NO_BEARER_TOKEN, 401);
    this.verify(token, (error, principal) => {
      if (error) this.error(error as Error);
      else if (principal) this.success(principal);
      else this.fail(401);
    });
  }
}

/** `Bearer <token>`, scheme case-insensitive (RFC 7235); anything else is no bearer token. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  return match?.[1];
}
