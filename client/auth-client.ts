import { Emitter } from './emitter.js';
import { memoryStorage } from './storage.js';
import { DEFAULT_REFRESH_TIMEOUT_MS, DEFAULT_REUSE_GRACE_SECONDS, checkRefreshTimeout, clampDelay, leadMs, parseRetryAfter, renewAfterMs, retryDelayMs } from './timing.js';
import type { AuthClientOptions, AuthEvents, FetchLike, SignOutReason, StoredSession, TokenStorage } from './types.js';

const LOCK_TIMEOUT_MS = 10_000;
/** After a renewal that could not be completed, requests do not start another one for this long. */
const RENEW_COOLDOWN_MS = 30_000;
/** A lease in storage stands in for Web Locks where the platform has none (Node 20). */
const LEASE_MS = 10_000;
const LEASE_POLL_MS = 50;

/** BroadcastChannel as browsers and Node both offer it (typed here so the SDK needs no DOM typings). */
interface Channel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: Broadcast }) => void) | null;
  unref?(): void;
}

/** The Web Locks API where the platform has it (browsers); absent in Node 20. */
interface Locks {
  request<T>(name: string, options: { signal: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}
const HEARTBEAT_MS = 30_000;

interface Clock {
  /** Monotonic milliseconds: never jumps with the device clock. */
  monotonic(): number;
  wall(): number;
  random(): number;
}

const defaultClock: Clock = { monotonic: () => performance.now(), wall: () => Date.now(), random: Math.random };

/** What tabs tell each other; scoped to one session, so unrelated clients never react to it. */
type Broadcast = { type: 'refreshed'; sessionId: string } | { type: 'signedOut'; sessionId: string; reason: SignOutReason };

type RefreshOutcome = { ok: true; session: StoredSession } | { ok: false; signOut?: SignOutReason };

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

/**
 * Keeps a user signed in: renews before expiry on a monotonic clock, renews once and replays once after
 * a 401, and coordinates tabs (clients sharing a storage) so that only one renews at a time.
 */
export function createAuthClient(options: AuthClientOptions, clock: Clock = defaultClock): AuthClient {
  return new Client(options, clock);
}

class Client implements AuthClient {
  private readonly http: FetchLike;
  private readonly storage: TokenStorage;
  private readonly key: string;
  private readonly events = new Emitter<AuthEvents>();
  private readonly channel?: Channel;
  private session?: StoredSession;
  /** Monotonic time at which `session` arrived (or was adopted). */
  private receivedMono = 0;
  private inflight?: Promise<string | undefined>;
  private timer?: ReturnType<typeof setTimeout>;
  private heartbeat?: ReturnType<typeof setInterval>;
  private lastBeat = { mono: 0, wall: 0 };
  private lastActive: number;
  private stopped = false;
  /** Bumped by every sign-in and sign-out: a renewal that started under an older one is discarded. */
  private epoch = 0;
  private cooldownUntil = 0;
  private readonly owner = Math.random().toString(36).slice(2);
  private readonly cleanups: Array<() => void> = [];
  private readonly retryWindow: { graceMs: number; timeoutMs: number };

  constructor(
    private readonly options: AuthClientOptions,
    private readonly clock: Clock,
  ) {
    const timeoutMs = options.refreshTimeout ?? DEFAULT_REFRESH_TIMEOUT_MS;
    const graceSeconds = options.reuseGraceSeconds ?? DEFAULT_REUSE_GRACE_SECONDS;
    checkRefreshTimeout(timeoutMs, graceSeconds);
    this.retryWindow = { graceMs: graceSeconds * 1000, timeoutMs };
    this.http = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.storage = options.storage ?? memoryStorage();
    this.key = options.key ?? 'autorenew.session';
    this.lastActive = clock.monotonic();
    const ChannelClass = (globalThis as unknown as { BroadcastChannel?: new (name: string) => Channel }).BroadcastChannel;
    this.channel = ChannelClass ? new ChannelClass(this.key) : undefined;
    // In Node, an open channel would keep the process alive.
    this.channel?.unref?.();
    if (this.channel) this.channel.onmessage = (message) => void this.onBroadcast(message.data).catch(() => undefined);
    this.watchForWake();
  }

  async login(credentials: { email: string; password: string; deviceName?: string }): Promise<void> {
    const cookie = this.options.transport === 'cookie';
    const response = await this.post('/auth/login', { ...credentials, ...(cookie ? { transport: 'cookie' } : {}) });
    if (!response.ok) throw new AuthClientError(response.status, await errorCode(response));
    this.epoch += 1;
    this.cooldownUntil = 0;
    await this.accept(await sessionFrom(response, this.clock.wall()));
    this.events.emit('signedIn', { sessionId: this.session!.sessionId });
    this.broadcast({ type: 'refreshed', sessionId: this.session!.sessionId });
  }

  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const target = this.resolve(input);
    // The token is for our API only: a request elsewhere goes out exactly as the caller wrote it.
    if (!this.isOurs(target)) return this.http(target, init);
    const token = await this.getAccessToken();
    const send = (bearer: string | undefined) => this.http(target, withBearer(input, init, bearer));
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
    if (code !== 'TOKEN_EXPIRED' && this.clock.monotonic() - this.receivedMono < RENEW_COOLDOWN_MS) return undefined;
    return this.renew(usedToken);
  }

  async getAccessToken(): Promise<string | undefined> {
    await this.loadIfNeeded();
    if (!this.session) return undefined;
    // "Fresh": a token about to expire is renewed first rather than handed out.
    return this.remainingMs() > 1000 ? this.session.accessToken : this.renew();
  }

  /** Names the session by its refresh token (or cookie), so it works even with an expired access token. */
  async logout(): Promise<void> {
    await this.loadIfNeeded();
    const session = this.session;
    if (session?.refreshToken) await this.post('/auth/logout', { refresh_token: session.refreshToken }).catch(() => undefined);
    else if (this.options.transport === 'cookie') await this.post('/auth/logout', {}, { 'X-Requested-With': 'autorenew' }).catch(() => undefined);
    await this.signOut('logout');
  }

  async logoutAll(): Promise<void> {
    const token = await this.getAccessToken();
    if (token) await this.post('/auth/logout-all', undefined, { Authorization: `Bearer ${token}` }).catch(() => undefined);
    await this.signOut('logout');
  }

  markActive(): void {
    const wasIdle = this.isIdle();
    this.lastActive = this.clock.monotonic();
    if (wasIdle && this.session) this.schedule();
  }

  on<E extends keyof AuthEvents>(event: E, handler: (payload: AuthEvents[E]) => void): () => void {
    return this.events.on(event, handler);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.channel?.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** One renewal at a time in this client, and across clients sharing the storage (Web Locks). */
  /** `rejected`: the token the server just refused, which no stored pair may be mistaken for. */
  private renew(rejected?: string): Promise<string | undefined> {
    // An idle client lets the session lapse, as the server's idle timeout intends.
    if (this.isIdle() || this.stopped || this.clock.monotonic() < this.cooldownUntil) return Promise.resolve(undefined);
    // What we hold *now*, before waiting for the lock: a pair stored later was renewed by someone else.
    const heldSince = this.session?.receivedAt ?? 0;
    this.inflight ??= this.withLock(() => this.renewOnce(this.epoch, heldSince, rejected)).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async renewOnce(epoch: number, heldSince: number, rejected?: string): Promise<string | undefined> {
    const stored = await this.read();
    if (!stored) {
      if (this.session) await this.signOut('revoked');
      return undefined;
    }
    // Another tab renewed while we waited for the lock: adopt its pair instead of spending the refresh
    // token again. After a 401 the test is "not the refused token"; otherwise "newer than what we held".
    const renewedElsewhere = rejected !== undefined ? stored.accessToken !== rejected : stored.receivedAt > heldSince && this.remainingFor(stored) > 0;
    if (renewedElsewhere) {
      this.adopt(stored);
      return stored.accessToken;
    }
    const outcome = await this.refreshWithRetries(stored);
    // Signed out or signed in again meanwhile: this renewal belongs to a session that is gone.
    if (epoch !== this.epoch) return this.session?.accessToken;
    if (outcome.ok) {
      await this.accept(outcome.session);
      this.events.emit('refreshed', { sessionId: outcome.session.sessionId });
      this.broadcast({ type: 'refreshed', sessionId: outcome.session.sessionId });
      return outcome.session.accessToken;
    }
    if (outcome.signOut) await this.signOut(outcome.signOut);
    else this.cooldownUntil = this.clock.monotonic() + RENEW_COOLDOWN_MS;
    return undefined;
  }

  private async refreshWithRetries(stored: StoredSession): Promise<RefreshOutcome> {
    const maxRetries = this.options.maxRetries ?? 5;
    let unsureSince: { mono: number; wall: number } | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const sentAt = { mono: this.clock.monotonic(), wall: this.clock.wall() };
      let response: Response | undefined;
      try {
        response = await this.refreshRequest(stored);
      } catch {
        response = undefined; // a network error or our timeout: retried like a 503, inside the grace window
      }
      if (response?.ok) return this.renewedPair(await sessionFrom(response, this.clock.wall(), stored.refreshToken), stored);
      if (response && isFinalRefusal(response.status)) return { ok: false, signOut: refusalReason(await errorCode(response)) };
      if (response && !isTransient(response.status)) return { ok: false };
      if (!response || mayHaveRotated(response.status)) unsureSince ??= sentAt;
      if (attempt >= maxRetries || this.stopped) return { ok: false };
      const retryAfter = parseRetryAfter(response?.headers.get('retry-after') ?? null);
      const delay = retryDelayMs(attempt, retryAfter, unsureSince && this.elapsedSince(unsureSince), this.retryWindow, this.clock.random);
      if (delay === undefined) return { ok: false };
      await this.sleep(delay);
    }
  }

  /** Real time since `mark`: the monotonic clock pauses while a device sleeps, the server's grace does not. */
  private elapsedSince(mark: { mono: number; wall: number }): number {
    return Math.max(this.clock.monotonic() - mark.mono, this.clock.wall() - mark.wall);
  }

  /**
   * A refresh renews *our* session or nothing: a pair for another session (a shared cache or proxy mixing
   * up users, a confused server) is never adopted, and we sign out rather than act as someone else.
   */
  private renewedPair(session: StoredSession, stored: StoredSession): RefreshOutcome {
    return session.sessionId === stored.sessionId ? { ok: true, session } : { ok: false, signOut: 'revoked' };
  }

  /** Bounded: a hung refresh must not stall every request waiting on it, nor outlast the grace window. */
  private async refreshRequest(stored: StoredSession): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The refresh timed out', 'TimeoutError')), this.retryWindow.timeoutMs);
    try {
      if (this.options.transport === 'cookie') return await this.post('/auth/refresh', {}, { 'X-Requested-With': 'autorenew' }, controller.signal);
      return await this.post('/auth/refresh', { refresh_token: stored.refreshToken }, {}, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Clears everything once; later calls (another tab's broadcast, a second 401) do nothing. */
  private async signOut(reason: SignOutReason, fromBroadcast = false): Promise<void> {
    if (!this.session) return;
    const { sessionId } = this.session;
    this.session = undefined;
    this.epoch += 1;
    clearTimeout(this.timer);
    if (!fromBroadcast) await this.storage.remove(this.key);
    this.events.emit('signedOut', { reason });
    if (!fromBroadcast) this.broadcast({ type: 'signedOut', sessionId, reason });
  }

  private async accept(session: StoredSession): Promise<void> {
    await this.storage.set(this.key, JSON.stringify(session));
    this.adopt(session);
  }

  private adopt(session: StoredSession): void {
    this.session = session;
    // A pair adopted from another tab is already partly used: count from its own arrival.
    this.receivedMono = this.clock.monotonic() - Math.max(0, this.clock.wall() - session.receivedAt);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.session || this.stopped || this.options.proactive === false || this.isIdle()) return;
    const dueMono = this.receivedMono + renewAfterMs(this.session.expiresIn, this.options.leadSeconds, this.clock.random);
    const delay = dueMono - this.clock.monotonic();
    // Clamped and re-armed: a delay beyond the timer maximum would otherwise fire at once (a storm).
    this.timer = setTimeout(() => (delay > clampDelay(delay) ? this.schedule() : void this.renew().catch(() => undefined)), clampDelay(Math.max(delay, 1000)));
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Browsers: wake events. Node: a heartbeat that notices the process slept (wall clock jumped ahead). */
  private watchForWake(): void {
    const check = () => void this.checkDeadline();
    const target = globalThis as { addEventListener?: (type: string, listener: () => void) => void; removeEventListener?: (type: string, listener: () => void) => void; document?: unknown };
    if (target.document && target.addEventListener) {
      for (const type of ['visibilitychange', 'focus', 'online']) {
        target.addEventListener(type, check);
        this.cleanups.push(() => target.removeEventListener?.(type, check));
      }
    }
    this.lastBeat = { mono: this.clock.monotonic(), wall: this.clock.wall() };
    this.heartbeat = setInterval(() => {
      const beat = { mono: this.clock.monotonic(), wall: this.clock.wall() };
      const slept = beat.wall - this.lastBeat.wall - (beat.mono - this.lastBeat.mono) > 5_000;
      this.lastBeat = beat;
      if (slept) check();
    }, HEARTBEAT_MS);
    (this.heartbeat as { unref?: () => void }).unref?.();
  }

  private async checkDeadline(): Promise<void> {
    if (!this.session || this.isIdle() || this.options.proactive === false) return;
    if (this.remainingMs() < leadMs(this.session.expiresIn, this.options.leadSeconds)) await this.renew().catch(() => undefined);
    else this.schedule();
  }

  private async onBroadcast(message: Broadcast): Promise<void> {
    // Only another tab of *this* session concerns us, and only if it wrote to the storage we read.
    if (!this.session || message.sessionId !== this.session.sessionId) return;
    if (message.type === 'signedOut') return this.signOut(message.reason, true);
    const stored = await this.read();
    if (stored && stored.sessionId === this.session.sessionId && stored.accessToken !== this.session.accessToken) this.adopt(stored);
  }

  private broadcast(message: Broadcast): void {
    this.channel?.postMessage(message);
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
    if (!locks) return this.withLease(work);
    try {
      // Bounded: a lock held by a frozen tab must not freeze this one.
      return await locks.request(`${this.key}.renew`, { signal: AbortSignal.timeout(LOCK_TIMEOUT_MS) }, work);
    } catch (error) {
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return work();
      throw error;
    }
  }

  /**
   * Where there are no Web Locks: a short lease in the shared storage. Storage has no compare-and-set, so
   * a claim is written on a free lease and then read back: a rival that read "free" at the same time has
   * written its own claim by then, and the last writer alone holds the lease. docs/client.md states the
   * window this leaves. Bounded: after LEASE_MS of waiting we go ahead (a frozen tab must not freeze this one).
   */
  private async withLease<T>(work: () => Promise<T>): Promise<T> {
    const leaseKey = `${this.key}.lease`;
    const deadline = this.clock.wall() + LEASE_MS;
    while (!(await this.claimLease(leaseKey)) && this.clock.wall() < deadline) await this.sleep(LEASE_POLL_MS);
    try {
      return await work();
    } finally {
      // Never clear a rival's lease (one taken while we went ahead past the deadline).
      if ((await this.readLease(leaseKey))?.owner === this.owner) await this.storage.remove(leaseKey);
    }
  }

  private async claimLease(leaseKey: string): Promise<boolean> {
    const lease = await this.readLease(leaseKey);
    if (lease && lease.owner !== this.owner && lease.until > this.clock.wall()) return false;
    await this.storage.set(leaseKey, JSON.stringify({ owner: this.owner, until: this.clock.wall() + LEASE_MS }));
    return (await this.readLease(leaseKey))?.owner === this.owner;
  }

  private async readLease(leaseKey: string): Promise<{ owner: string; until: number } | undefined> {
    try {
      return (JSON.parse((await this.storage.get(leaseKey)) ?? 'null') as { owner: string; until: number } | null) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async loadIfNeeded(): Promise<void> {
    if (this.session) return;
    const stored = await this.read();
    if (stored) this.adopt(stored);
  }

  private async read(): Promise<StoredSession | undefined> {
    const raw = await this.storage.get(this.key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredSession;
    } catch {
      return undefined;
    }
  }

  /** Time left on our pair, by the monotonic clock or the wall clock, whichever says less (sleep). */
  private remainingMs(): number {
    if (!this.session) return 0;
    const monoElapsed = this.clock.monotonic() - this.receivedMono;
    const wallElapsed = this.clock.wall() - this.session.receivedAt;
    return this.session.expiresIn * 1000 - Math.max(monoElapsed, wallElapsed);
  }

  private remainingFor(session: StoredSession): number {
    return session.expiresIn * 1000 - (this.clock.wall() - session.receivedAt);
  }

  private isIdle(): boolean {
    return this.options.idleTimeout !== undefined && this.clock.monotonic() - this.lastActive > this.options.idleTimeout;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      (timer as { unref?: () => void }).unref?.();
    });
  }

  private post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return this.http(this.resolve(path), {
      method: 'POST',
      signal,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: this.options.transport === 'cookie' ? 'include' : 'same-origin',
    });
  }

  private isOurs(target: string | URL | Request): boolean {
    const url = target instanceof Request ? target.url : String(target);
    return new URL(url).origin === new URL(this.options.baseUrl).origin;
  }

  private resolve(input: string | URL | Request): string | URL | Request {
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

function withBearer(input: string | URL | Request, init: RequestInit | undefined, token: string | undefined): RequestInit {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (token) headers.set('Authorization', `Bearer ${token}`);
  else headers.delete('Authorization');
  return { ...init, headers };
}

async function sessionFrom(response: Response, now: number, previousRefreshToken?: string): Promise<StoredSession> {
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
async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.clone().json().catch(() => undefined)) as { code?: string; error?: string } | undefined;
  if (body?.code || body?.error) return body.code ?? body.error;
  return /error="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
}

function isFinalRefusal(status: number): boolean {
  return status === 401 || status === 400;
}

/** Only 503 and 429 say "not done"; a gateway's 502 or 504 may hide a rotation the server completed. */
function mayHaveRotated(status: number): boolean {
  return status >= 500 && status !== 503;
}

function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}

function refusalReason(code: string | undefined): SignOutReason {
  return code === 'SESSION_EXPIRED' ? 'expired' : 'revoked';
}
