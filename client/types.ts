/** The session pair as the client keeps it; `receivedAt` is the device clock when it arrived. */
export interface StoredSession {
  accessToken: string;
  /** Absent in cookie mode: the browser holds the refresh token where scripts cannot read it. */
  refreshToken?: string;
  expiresIn: number;
  receivedAt: number;
  sessionId: string;
}

/** Synchronous or asynchronous key-value storage, e.g. localStorage through `webStorage()`. */
export interface TokenStorage {
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

export type SignOutReason = 'logout' | 'revoked' | 'expired';

export interface AuthEvents {
  signedIn: { sessionId: string };
  refreshed: { sessionId: string };
  signedOut: { reason: SignOutReason };
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface AuthClientOptions {
  baseUrl: string;
  fetch?: FetchLike;
  storage?: TokenStorage;
  transport?: 'body' | 'cookie';
  /** Renew shortly before expiry (default true); reactive renewal after a 401 happens either way. */
  proactive?: boolean;
  /** Seconds before expiry to renew; default min(60, lifetime / 10), always below the lifetime. */
  leadSeconds?: number;
  /** Milliseconds without `markActive()` after which the client stops renewing proactively. */
  idleTimeout?: number;
  /** Storage key and cross-tab channel name; clients sharing both behave as tabs of one app. */
  key?: string;
  /** Cap on retries of a refresh that failed for a network error, a 5xx or a 429. */
  maxRetries?: number;
  /** Milliseconds a refresh answer is awaited before the attempt counts as lost (default 4000); at most half of `reuseGraceSeconds`. */
  refreshTimeout?: number;
  /** The service's REFRESH_REUSE_GRACE in seconds (default 10): retries of a refresh whose answer was lost stay inside it. */
  reuseGraceSeconds?: number;
}

/** What `createAuthClient` returns. */
export interface AuthClient {
  login(credentials: { email: string; password: string; deviceName?: string }): Promise<void>;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  getAccessToken(): Promise<string | undefined>;
  logout(): Promise<void>;
  logoutAll(): Promise<void>;
  markActive(): void;
  on<E extends keyof AuthEvents>(event: E, handler: (payload: AuthEvents[E]) => void): () => void;
  stop(): void;
  /** For adapters (attachAxios): what to replay a request with after a 401, or undefined to give up. */
  tokenAfterUnauthorized(usedToken: string, code: string | undefined): Promise<string | undefined>;
}
