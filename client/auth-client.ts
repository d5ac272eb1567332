import { AuthClientError, AuthHttp, deviceTokenFrom, errorCode, sessionFrom, withBearer } from './auth.http.js';
import { Clock, defaultClock } from './client.clock.js';
import { Emitter } from './emitter.js';
import { HeldSession } from './held-session.js';
import { ProactiveRenewal } from './proactive.renewal.js';
import { RefreshPolicy } from './refresh.policy.js';
import { SessionStore } from './session.store.js';
import { memoryStorage } from './storage.js';
import { Broadcast, TabCoordinator } from './tab.coordinator.js';
import type { AuthClient, AuthClientOptions, AuthEvents, SignOutReason, StoredSession } from './types.js';

export { AuthClientError } from './auth.http.js';
export type { AuthClient } from './types.js';

/** After a renewal that could not be completed, requests do not start another one for this long. */
const RENEW_COOLDOWN_MS = 30_000;

/**
 * Keeps a user signed in: renews before expiry on a monotonic clock, renews once and replays once after
 * a 401, and coordinates tabs (clients sharing a storage) so that only one renews at a time.
 */
export function createAuthClient(options: AuthClientOptions, clock: Clock = defaultClock): AuthClient {
  return new Client(options, clock);
}

/** The session's life: sign-in, renewal and its single flight, replay after a 401, sign-out. */
class Client implements AuthClient {
  private readonly http: AuthHttp;
  private readonly policy: RefreshPolicy;
  private readonly store: SessionStore;
  private readonly tabs: TabCoordinator;
  private readonly proactive: ProactiveRenewal;
  private readonly events = new Emitter<AuthEvents>();
  private readonly held: HeldSession;
  private inflight?: Promise<string | undefined>;
  private stopped = false;
  /** Bumped by every sign-in and sign-out: a renewal that started under an older one is discarded. */
  private epoch = 0;
  private cooldownUntil = 0;

  constructor(
    private readonly options: AuthClientOptions,
    private readonly clock: Clock,
  ) {
    this.http = new AuthHttp(options);
    this.policy = new RefreshPolicy(this.http, options, clock, () => this.stopped);
    this.store = new SessionStore(options.storage ?? memoryStorage(), options.key ?? 'autorenew.session');
    this.held = new HeldSession(clock);
    this.tabs = new TabCoordinator(this.store.key, this.store.storage, clock, (message) => this.onBroadcast(message));
    this.proactive = new ProactiveRenewal(
      clock,
      options,
      this.held,
      () => this.renew(),
      () => this.stopped,
    );
  }

  async login(credentials: { email: string; password: string; deviceName?: string }): Promise<void> {
    const cookie = this.options.transport === 'cookie';
    // Cookie mode: the service asks for this header (as on refresh and logout) before it sets a cookie.
    // Body mode: this device's token from its last sign-in, so strangers' failures cannot lock it out.
    const response = cookie
      ? await this.http.post('/auth/login', { ...credentials, transport: 'cookie' }, { 'X-Requested-With': 'autorenew' })
      : await this.http.post('/auth/login', { ...credentials, ...(await this.deviceTokenField()) });
    if (!response.ok) throw new AuthClientError(response.status, await errorCode(response));
    if (!cookie) await this.keepDeviceToken(response);
    this.epoch += 1;
    this.cooldownUntil = 0;
    await this.accept(await sessionFrom(response, this.clock.wall()));
    this.events.emit('signedIn', { sessionId: this.session!.sessionId });
    this.tabs.broadcast({ type: 'refreshed', sessionId: this.session!.sessionId });
  }

  private async deviceTokenField(): Promise<{ deviceToken?: string }> {
    const token = await this.store.deviceToken();
    return token ? { deviceToken: token } : {};
  }

  private async keepDeviceToken(response: Response): Promise<void> {
    const token = await deviceTokenFrom(response);
    if (token) await this.store.keepDeviceToken(token);
  }

  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const target = this.http.resolve(input);
    // The token is for our API only: a request elsewhere goes out exactly as the caller wrote it.
    if (!this.http.isOurs(target)) return this.http.send(target, init);
    const token = await this.getAccessToken();
    const send = (bearer: string | undefined) => this.http.send(target, withBearer(input, init, bearer));
    const response = await send(token);
    if (response.status !== 401 || token === undefined) return response;
    const replayWith = await this.tokenAfterUnauthorized(token, await errorCode(response));
    // Never more than one replay per request, whatever the second answer is.
    return replayWith === undefined ? response : send(replayWith);
  }

  async tokenAfterUnauthorized(usedToken: string, code: string | undefined): Promise<string | undefined> {
    if (code === 'TOKEN_REVOKED') {
      await this.signOut('revoked');
      return undefined;
    }
    if (code !== 'TOKEN_EXPIRED' && code !== 'TOKEN_INVALID' && code !== 'invalid_token') return undefined;
    await this.loadIfNeeded();
    // The request carried an older token than ours: replay with the newer one, no renewal.
    if (this.session && this.session.accessToken !== usedToken) return this.session.accessToken;
    // A token refused as invalid right after it arrived will not be fixed by another renewal.
    if (code !== 'TOKEN_EXPIRED' && this.held.ageMs() < RENEW_COOLDOWN_MS) return undefined;
    return this.renew(usedToken);
  }

  async getAccessToken(): Promise<string | undefined> {
    await this.loadIfNeeded();
    if (!this.session) return undefined;
    // "Fresh": a token about to expire is renewed first rather than handed out.
    return this.held.remainingMs() > 1000 ? this.session.accessToken : this.renew();
  }

  /** Names the session by its refresh token (or cookie), so it works even with an expired access token. */
  async logout(): Promise<void> {
    await this.loadIfNeeded();
    const session = this.session;
    if (session?.refreshToken) await this.http.post('/auth/logout', { refresh_token: session.refreshToken }).catch(() => undefined);
    else if (this.options.transport === 'cookie')
      await this.http.post('/auth/logout', {}, { 'X-Requested-With': 'autorenew' }).catch(() => undefined);
    await this.signOut('logout');
  }

  async logoutAll(): Promise<void> {
    const token = await this.getAccessToken();
    if (token) await this.http.post('/auth/logout-all', undefined, { Authorization: `Bearer ${token}` }).catch(() => undefined);
    await this.signOut('logout');
  }

  markActive(): void {
    this.proactive.markActive();
  }

  on<E extends keyof AuthEvents>(event: E, handler: (payload: AuthEvents[E]) => void): () => void {
    return this.events.on(event, handler);
  }

  stop(): void {
    this.stopped = true;
    this.proactive.stop();
    this.tabs.close();
  }

  /** One renewal at a time in this client, and across clients sharing the storage (Web Locks). */
  /** `rejected`: the token the server just refused, which no stored pair may be mistaken for. */
  private renew(rejected?: string): Promise<string | undefined> {
    // An idle client lets the session lapse, as the server's idle timeout intends.
    if (this.proactive.isIdle() || this.stopped || this.clock.monotonic() < this.cooldownUntil) return Promise.resolve(undefined);
    // What we hold *now*, before waiting for the lock: a pair stored later was renewed by someone else.
    const heldSince = this.session?.receivedAt ?? 0;
    this.inflight ??= this.tabs
      .withLock(() => this.renewOnce(this.epoch, heldSince, rejected))
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async renewOnce(epoch: number, heldSince: number, rejected?: string): Promise<string | undefined> {
    const stored = await this.store.read();
    if (!stored) {
      if (this.session) await this.signOut('revoked');
      return undefined;
    }
    // Another tab renewed while we waited for the lock: adopt its pair instead of spending the refresh
    // token again. After a 401 the test is "not the refused token"; otherwise "newer than what we held".
    const renewedElsewhere =
      rejected !== undefined ? stored.accessToken !== rejected : stored.receivedAt > heldSince && this.held.remainingFor(stored) > 0;
    if (renewedElsewhere) {
      this.adopt(stored);
      return stored.accessToken;
    }
    const outcome = await this.policy.refresh(stored);
    // Signed out or signed in again meanwhile: this renewal belongs to a session that is gone.
    if (epoch !== this.epoch) return this.session?.accessToken;
    if (outcome.ok) {
      await this.accept(outcome.session);
      this.events.emit('refreshed', { sessionId: outcome.session.sessionId });
      this.tabs.broadcast({ type: 'refreshed', sessionId: outcome.session.sessionId });
      return outcome.session.accessToken;
    }
    if (outcome.signOut) await this.signOut(outcome.signOut);
    else this.cooldownUntil = this.clock.monotonic() + RENEW_COOLDOWN_MS;
    return undefined;
  }

  /** Clears everything once; later calls (another tab's broadcast, a second 401) do nothing. */
  private async signOut(reason: SignOutReason, fromBroadcast = false): Promise<void> {
    if (!this.session) return;
    const { sessionId } = this.session;
    this.held.release();
    this.epoch += 1;
    this.proactive.cancel();
    if (!fromBroadcast) await this.store.clear();
    this.events.emit('signedOut', { reason });
    if (!fromBroadcast) this.tabs.broadcast({ type: 'signedOut', sessionId, reason });
  }

  private async accept(session: StoredSession): Promise<void> {
    await this.store.write(session);
    this.adopt(session);
  }

  private adopt(session: StoredSession): void {
    this.held.hold(session);
    this.proactive.schedule();
  }

  private async onBroadcast(message: Broadcast): Promise<void> {
    // Only another tab of *this* session concerns us, and only if it wrote to the storage we read.
    if (!this.session || message.sessionId !== this.session.sessionId) return;
    if (message.type === 'signedOut') return this.signOut(message.reason, true);
    const stored = await this.store.read();
    if (stored && stored.sessionId === this.session.sessionId && stored.accessToken !== this.session.accessToken) this.adopt(stored);
  }

  private get session(): StoredSession | undefined {
    return this.held.current;
  }

  private async loadIfNeeded(): Promise<void> {
    if (this.session) return;
    const stored = await this.store.read();
    if (stored) this.adopt(stored);
  }
}
