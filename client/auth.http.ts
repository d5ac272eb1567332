import type { AuthClientOptions, FetchLike, StoredSession } from './types.js';

/** The device token a body-mode sign-in answered with, if any. */
export async function deviceTokenFrom(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { device_token?: unknown } | undefined;
  return typeof body?.device_token === 'string' ? body.device_token : undefined;
}

/** The service's HTTP face as the SDK uses it: its base URL, its transport and its error bodies. */
export class AuthHttp {
  readonly send: FetchLike;

  constructor(private readonly options: AuthClientOptions) {
    this.send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return this.send(this.resolve(path), {
      method: 'POST',
      signal,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: this.options.transport === 'cookie' ? 'include' : 'same-origin',
    });
  }

  isOurs(target: string | URL | Request): boolean {
    const url = target instanceof Request ? target.url : String(target);
    return new URL(url).origin === new URL(this.options.baseUrl).origin;
  }

  resolve(input: string | URL | Request): string | URL | Request {
    return typeof input === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(input) ? new URL(input, this.options.baseUrl).toString() : input;
  }
}

export class AuthClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`Sign-in failed (${status}${code ? ` ${code}` : ''})`);
    this.name = 'AuthClientError';
  }
}

export function withBearer(input: string | URL | Request, init: RequestInit | undefined, token: string | undefined): RequestInit {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (token) headers.set('Authorization', `Bearer ${token}`);
  else headers.delete('Authorization');
  return { ...init, headers };
}

export async function sessionFrom(response: Response, now: number, previousRefreshToken?: string): Promise<StoredSession> {
  const body = (await response.json()) as { access_token: string; refresh_token?: string; expires_in: number; session_id: string };
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? previousRefreshToken,
    expiresIn: body.expires_in,
    receivedAt: now,
    sessionId: body.session_id,
  };
}

/** The service's `code`, or the RFC 6750 / 6749 `error` of a challenge or body. */
export async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { code?: string; error?: string } | undefined;
  if (body?.code || body?.error) return body.code ?? body.error;
  return /error="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
}
