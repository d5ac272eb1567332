import { AuthClientError, createAuthClient, memoryStorage } from '../client/index.js';
import type { AuthClient, SignOutReason, StoredSession } from '../client/index.js';
import { ApiError, retryAfter } from './api-error.js';

/** SDK storage key and cross-tab channel; the SDK's renewal lock is named after it (`<key>.renew`). */
const KEY = 'autorenew.account';
/** The page's own channel between its tabs: sign-ins and password changes, which the SDK does not relay. */
const PAGE_CHANNEL = 'autorenew.account-page';
/** Not a credential: only "this browser signed in here", so a first visit does not try a refresh. */
const HINT = 'autorenew.account.maybeSignedIn';
const IDLE_TIMEOUT_MS = 30 * 60_000;

type PageMessage = { type: 'signedIn' } | { type: 'passwordChanged'; sessionId: string };

export interface SessionEvents {
  /** This tab now holds a session: after sign-in here, or one made in another tab. */
  signedIn(): void;
  signedOut(reason: SignOutReason): void;
}

/**
 * The page's session: the SDK in cookie mode (the refresh token stays in an HttpOnly cookie), tokens in
 * memory only, shared by the tabs through the cookie. What the SDK has no call for, this adds: resuming
 * from the cookie on load, and adopting the pair a password change returns.
 */
export class AccountSession {
  readonly auth: AuthClient;
  private readonly store = memoryStorage();
  private readonly channel = new BroadcastChannel(PAGE_CHANNEL);
  private loginRetryAfter: number | undefined;
  private signedIn = false;

  constructor(private readonly events: SessionEvents) {
    this.auth = createAuthClient({
      baseUrl: location.origin,
      transport: 'cookie',
      storage: this.store,
      key: KEY,
      idleTimeout: IDLE_TIMEOUT_MS,
      fetch: this.recordingFetch,
    });
    this.auth.on('signedOut', ({ reason }) => this.onSignedOut(reason));
    this.channel.onmessage = (event: MessageEvent<PageMessage>) => void this.onPageMessage(event.data);
    for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => this.auth.markActive(), { passive: true });
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  /** On load, or when another tab signed in: a refresh through the cookie, if this browser may hold one. */
  async resume(options: { announced?: boolean } = {}): Promise<boolean> {
    // Another tab's announcement proves a sign-in, and arrives before its localStorage write may have reached
    // this tab (tabs can live in separate processes): only an unannounced resume trusts the hint.
    if (!options.announced && localStorage.getItem(HINT) === null) return false;
    // One renewal at a time across tabs: the same lock the SDK takes, so this never races its rotation.
    const pair = await navigator.locks.request(`${KEY}.renew`, () => this.refreshFromCookie());
    if (!pair) {
      localStorage.removeItem(HINT);
      return false;
    }
    await this.store.set(KEY, JSON.stringify(pair));
    // The SDK adopts the stored pair and renews it from now on.
    await this.auth.getAccessToken();
    this.signedIn = true;
    return true;
  }

  async signIn(email: string, password: string): Promise<void> {
    try {
      await this.auth.login({ email, password });
    } catch (error) {
      if (error instanceof AuthClientError) throw new ApiError(error.status, error.code, this.loginRetryAfter);
      throw error;
    }
    localStorage.setItem(HINT, '1');
    this.signedIn = true;
    this.channel.postMessage({ type: 'signedIn' } satisfies PageMessage);
  }

  /** JSON to and from the API with the bearer token; a refusal becomes an ApiError. */
  async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const headers = init.body === undefined ? undefined : { 'Content-Type': 'application/json' };
    const response = await this.auth.fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw await ApiError.from(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /**
   * The service answers a password change with a new pair for this session (the refresh token in the
   * cookie) and ends every older access token. The SDK is handed the new one through its adapter hook,
   * and the other tabs renew through the cookie before their old token is refused.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const body = await this.api<TokenBody>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
    await this.store.set(KEY, JSON.stringify(pairFrom(body)));
    await this.replaceAccessToken();
    this.channel.postMessage({ type: 'passwordChanged', sessionId: body.session_id } satisfies PageMessage);
  }

  signOut(): Promise<void> {
    return this.auth.logout();
  }

  logoutAll(): Promise<void> {
    return this.auth.logoutAll();
  }

  private async refreshFromCookie(): Promise<StoredSession | undefined> {
    const response = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'autorenew' },
      body: '{}',
      credentials: 'same-origin',
    });
    if (response.ok) return pairFrom((await response.json()) as TokenBody);
    if (response.status === 401 || response.status === 400) return undefined;
    throw await ApiError.from(response);
  }

  private onSignedOut(reason: SignOutReason): void {
    // The SDK keeps the pair when another tab signed out; nothing of a dead session stays in this tab.
    void this.store.remove(KEY);
    localStorage.removeItem(HINT);
    this.signedIn = false;
    this.events.signedOut(reason);
  }

  private async onPageMessage(message: PageMessage): Promise<void> {
    if (message.type === 'signedIn' && !this.signedIn) {
      if (await this.resume({ announced: true }).catch(() => false)) this.events.signedIn();
      return;
    }
    if (message.type === 'passwordChanged' && this.signedIn) {
      // Our access token died with the password change; the cookie already holds the new refresh token.
      await this.replaceAccessToken();
    }
  }

  /**
   * Makes the SDK drop the access token it holds, through the hook its adapters use after a 401: it adopts
   * a newer pair from the store if there is one, else renews through the cookie.
   */
  private async replaceAccessToken(): Promise<void> {
    const held = await this.auth.getAccessToken();
    if (held) await this.auth.tokenAfterUnauthorized(held, 'TOKEN_EXPIRED');
  }

  /** The SDK's transport, noting a refused sign-in's Retry-After, which its error does not carry. */
  private readonly recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).endsWith('/auth/login'))
      this.loginRetryAfter = retryAfter(response.headers.get('retry-after'));
    return response;
  };
}

interface TokenBody {
  access_token: string;
  expires_in: number;
  session_id: string;
}

function pairFrom(body: TokenBody): StoredSession {
  return { accessToken: body.access_token, expiresIn: body.expires_in, receivedAt: Date.now(), sessionId: body.session_id };
}
