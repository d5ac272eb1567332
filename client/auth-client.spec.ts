import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import process from 'node:process';
import { createAuthClient } from './auth-client.js';
import { memoryStorage } from './storage.js';
import type { AuthClientOptions, TokenStorage } from './types.js';

/** A scripted server: answers by path, counts calls, issues numbered tokens. */
class FakeServer {
  refreshCalls = 0;
  issued = 0;
  expiresIn = 100;
  refreshScript: Array<() => Response> = [];
  protectedScript: Array<(token: string | null) => Response> = [];
  seenTokens: Array<string | null> = [];
  /** When set, refresh rotates as the service does: the previous token works this long after, then is reuse. */
  graceMs?: number;
  rotatedAt = 0;
  reused = false;
  /** Refreshes that the server completes but whose answer never reaches the client (it hangs until aborted). */
  loseAnswers = 0;
  refreshArrivals: number[] = [];

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    if (path === '/auth/login') return this.tokens();
    if (path === '/auth/refresh') {
      this.refreshCalls += 1;
      this.refreshArrivals.push(Date.now());
      const answer = (
        this.refreshScript.shift() ?? (() => this.rotate((JSON.parse(String(init?.body)) as { refresh_token: string }).refresh_token))
      )();
      if (this.loseAnswers === 0) return answer;
      this.loseAnswers -= 1;
      return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    if (path === '/auth/logout' || path === '/auth/logout-all') return new Response(null, { status: 204 });
    const token = new Headers(init?.headers).get('authorization');
    this.seenTokens.push(token);
    return (this.protectedScript.shift() ?? (() => json(200, { ok: true })))(token);
  };

  rotate(presented: string): Response {
    if (this.graceMs === undefined) return this.tokens();
    if (presented === `rt${this.issued}`) {
      this.rotatedAt = Date.now();
      return this.tokens();
    }
    if (presented === `rt${this.issued - 1}` && Date.now() - this.rotatedAt < this.graceMs) {
      return json(200, {
        access_token: `at${this.issued}`,
        refresh_token: `rt${this.issued}`,
        expires_in: this.expiresIn,
        token_type: 'Bearer',
        session_id: 's1',
      });
    }
    this.reused = true;
    return json(401, { statusCode: 401, code: 'INVALID_REFRESH_TOKEN', message: 'reuse' });
  }

  tokens(): Response {
    this.issued += 1;
    return json(200, {
      access_token: `at${this.issued}`,
      refresh_token: `rt${this.issued}`,
      expires_in: this.expiresIn,
      token_type: 'Bearer',
      session_id: 's1',
    });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const unauthorized = (code: string) => () => json(401, { statusCode: 401, code, message: code });

describe('createAuthClient', () => {
  let server: FakeServer;
  const clients: Array<{ stop(): void }> = [];
  /** The device clock as the SDK reads it: the faked timeline, plus however far the device clock moved alone. */
  let wallOffset = 0;
  const make = (options: Partial<AuthClientOptions> = {}, storage: TokenStorage = memoryStorage()) => {
    const client = createAuthClient(
      { baseUrl: 'https://api.example.com', fetch: server.fetch, storage, ...options },
      { monotonic: () => performance.now(), wall: () => Date.now() + wallOffset, random: () => 0.5 },
    );
    clients.push(client);
    return client;
  };
  const signIn = async (options: Partial<AuthClientOptions> = {}, storage?: TokenStorage) => {
    const client = make(options, storage);
    await client.login({ email: 'a@example.com', password: 'pass phrase' });
    return client;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    wallOffset = 0;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.stop();
    jest.useRealTimers();
  });

  // Node reports a rejection nobody handled on the real process, after the microtasks of the turn.
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  const settle = () =>
    new Promise<void>((resolve) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(resolve));
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  describe('proactive renewal', () => {
    it('renews at lifetime − lead − jitter, with lead = min(60 s, a tenth of the lifetime)', async () => {
      await signIn();
      // 100 s lifetime: lead 10 s, jitter 0.5 × 20 % of it = 1 s → renewal at 89 s.
      await jest.advanceTimersByTimeAsync(88_900);
      expect(server.refreshCalls).toBe(0);
      await jest.advanceTimersByTimeAsync(200);
      expect(server.refreshCalls).toBe(1);
    });

    it('never storms when the lead is longer than the lifetime', async () => {
      server.expiresIn = 10;
      await signIn({ leadSeconds: 120 });
      await jest.advanceTimersByTimeAsync(500);
      expect(server.refreshCalls).toBe(0);
      await jest.advanceTimersByTimeAsync(30_000);
      // Lead capped at half the lifetime: a renewal every ~4.5 s, not a tight loop.
      expect(server.refreshCalls).toBeGreaterThanOrEqual(6);
      expect(server.refreshCalls).toBeLessThanOrEqual(7);
    });

    it('clamps a delay beyond the timer maximum instead of firing at once', async () => {
      server.expiresIn = 60 * 60 * 24 * 60; // 60 days: beyond setTimeout's 24.8-day ceiling
      await signIn();
      await jest.advanceTimersByTimeAsync(25 * 24 * 3600 * 1000);
      expect(server.refreshCalls).toBe(0);
    });

    it('keeps renewing while the user is active', async () => {
      const client = await signIn({ idleTimeout: 30_000 });
      for (let i = 0; i < 10; i += 1) {
        client.markActive();
        await jest.advanceTimersByTimeAsync(20_000);
      }
      expect(server.refreshCalls).toBe(2);
    });

    it('stops renewing after idleTimeout without activity, even on requests, and resumes on markActive', async () => {
      const client = await signIn({ idleTimeout: 30_000 });
      await jest.advanceTimersByTimeAsync(200_000);
      expect(server.refreshCalls).toBe(0);
      expect(await client.getAccessToken()).toBeUndefined();
      client.markActive();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(server.refreshCalls).toBe(1);
      expect(await client.getAccessToken()).toBe('at2');
    });
  });

  describe('clocks', () => {
    // The monotonic clock is the faked performance.now(); the device clock is the faked Date.now() plus
    // wallOffset, so moving wallOffset alone is a device-clock change or (without timers firing) a sleep.
    const hour = 3_600_000;

    it('renews on the monotonic clock when the device clock is set back an hour, even if the timer is re-armed after', async () => {
      const client = await signIn({ idleTimeout: 20_000 });
      await jest.advanceTimersByTimeAsync(25_000);
      wallOffset -= hour;
      // Back from idle: the renewal timer is armed again, after the clock change.
      client.markActive();
      await jest.advanceTimersByTimeAsync(55_000);
      client.markActive();
      await jest.advanceTimersByTimeAsync(8_900);
      expect(server.refreshCalls).toBe(0);
      await jest.advanceTimersByTimeAsync(200);
      expect(server.refreshCalls).toBe(1);
      expect(await client.getAccessToken()).toBe('at2');
      expect(server.refreshCalls).toBe(1);
    });

    it('takes a device clock set forward an hour for a sleep: renews once at once, then at the monotonic pace', async () => {
      const client = await signIn();
      await jest.advanceTimersByTimeAsync(10_000);
      wallOffset += hour;
      // Indistinguishable from a sleep: the token may really have expired, so the next heartbeat renews.
      await jest.advanceTimersByTimeAsync(30_000);
      expect(server.refreshCalls).toBe(1);
      expect(await client.getAccessToken()).toBe('at2');
      // That renewal came with the heartbeat at 30 s; the next is due 89 s later, at 119 s.
      await jest.advanceTimersByTimeAsync(78_000);
      expect(server.refreshCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(2_000);
      expect(server.refreshCalls).toBe(2);
    });

    it('renews once on waking from a 30-minute sleep (monotonic clock paused, device clock moved)', async () => {
      server.expiresIn = 900;
      const client = await signIn();
      await jest.advanceTimersByTimeAsync(5 * 60_000);
      // Asleep: no timer fires and performance.now() stands still; the device clock moves 30 minutes.
      wallOffset += 30 * 60_000;
      await jest.advanceTimersByTimeAsync(30_000);
      expect(server.refreshCalls).toBe(1);
      expect(await client.getAccessToken()).toBe('at2');
      // The next renewal is a full lifetime − lead − jitter (900 − 60 − 6 s) after the one on waking.
      await jest.advanceTimersByTimeAsync(800_000);
      expect(server.refreshCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(40_000);
      expect(server.refreshCalls).toBe(2);
    });

    it('hands out no token that expired during a sleep: a request on waking renews first, once', async () => {
      server.expiresIn = 900;
      const client = await signIn({ proactive: false });
      await jest.advanceTimersByTimeAsync(5 * 60_000);
      wallOffset += 30 * 60_000;
      const tokens = await Promise.all([client.getAccessToken(), client.getAccessToken()]);
      expect(tokens).toEqual(['at2', 'at2']);
      expect(server.refreshCalls).toBe(1);
    });

    it('waits out the 30 s cooldown after a failed renewal on the monotonic clock, whatever the device clock does', async () => {
      const client = await signIn({ proactive: false });
      server.refreshScript.push(() => json(403, { code: 'CSRF_REJECTED' }));
      await jest.advanceTimersByTimeAsync(101_000);
      expect(await client.getAccessToken()).toBeUndefined();
      expect(server.refreshCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(10_000);
      wallOffset += hour;
      expect(await client.getAccessToken()).toBeUndefined();
      await jest.advanceTimersByTimeAsync(19_000);
      expect(await client.getAccessToken()).toBeUndefined();
      expect(server.refreshCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(1_500);
      expect(await client.getAccessToken()).toBe('at2');
      expect(server.refreshCalls).toBe(2);
    });
  });

  describe('single flight', () => {
    it('renews once for many callers that find the token expired', async () => {
      const client = await signIn({ proactive: false });
      await jest.advanceTimersByTimeAsync(101_000);
      const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAccessToken()));
      expect(new Set(tokens)).toEqual(new Set(['at2']));
      expect(server.refreshCalls).toBe(1);
    });

    it('adopts a newer pair another client stored instead of renewing again', async () => {
      const storage = memoryStorage();
      const first = await signIn({ proactive: false }, storage);
      const second = make({ proactive: false }, storage);
      await jest.advanceTimersByTimeAsync(101_000);
      expect(await second.getAccessToken()).toBe('at2');
      expect(await first.getAccessToken()).toBe('at2');
      expect(server.refreshCalls).toBe(1);
    });
  });

  describe('reactive renewal and replay', () => {
    it('renews once and replays once after TOKEN_EXPIRED on the current token', async () => {
      const client = await signIn({ proactive: false });
      server.protectedScript.push(unauthorized('TOKEN_EXPIRED'));
      const response = await client.fetch('/users/me');
      expect(response.status).toBe(200);
      expect(server.seenTokens).toEqual(['Bearer at1', 'Bearer at2']);
      expect(server.refreshCalls).toBe(1);
    });

    it('replays at most once per request', async () => {
      const client = await signIn({ proactive: false });
      server.protectedScript.push(unauthorized('TOKEN_EXPIRED'), unauthorized('TOKEN_EXPIRED'));
      const response = await client.fetch('/users/me');
      expect(response.status).toBe(401);
      expect(server.seenTokens).toHaveLength(2);
      expect(server.refreshCalls).toBe(1);
    });

    it('replays a request that carried an older token with the newer one, without renewing', async () => {
      const client = await signIn({ proactive: false });
      await jest.advanceTimersByTimeAsync(101_000);
      expect(await client.getAccessToken()).toBe('at2');
      // A request sent with at1 before the renewal now answers 401.
      expect(await client.tokenAfterUnauthorized('at1', 'TOKEN_EXPIRED')).toBe('at2');
      expect(server.refreshCalls).toBe(1);
    });

    it('signs out on TOKEN_REVOKED without trying to renew', async () => {
      const client = await signIn({ proactive: false });
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      server.protectedScript.push(unauthorized('TOKEN_REVOKED'));
      expect((await client.fetch('/users/me')).status).toBe(401);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(signedOut).toHaveBeenCalledWith({ reason: 'revoked' });
      expect(server.refreshCalls).toBe(0);
      await client.fetch('/public');
      expect(server.seenTokens.at(-1)).toBeNull();
    });
  });

  describe('isolation', () => {
    it('never sends the token to another origin', async () => {
      const client = await signIn({ proactive: false });
      await client.fetch('https://elsewhere.example.net/x');
      await client.fetch('/users/me');
      expect(server.seenTokens).toEqual([null, 'Bearer at1']);
    });

    it('ignores the sign-out of an unrelated client using the same key', async () => {
      server.protectedScript = [];
      const first = await signIn({ proactive: false });
      const otherServer = new FakeServer();
      otherServer.issued = 100;
      const second = createAuthClient({
        baseUrl: 'https://api.example.com',
        fetch: async (input, init) => {
          const response = await otherServer.fetch(input, init);
          if (String(input).endsWith('/auth/login')) {
            const body = (await response.json()) as Record<string, unknown>;
            return json(200, { ...body, session_id: 's2' });
          }
          return response;
        },
      });
      clients.push(second);
      await second.login({ email: 'b@example.com', password: 'p' });
      const signedOut = jest.fn();
      second.on('signedOut', signedOut);
      await first.logout();
      await jest.advanceTimersByTimeAsync(0);
      expect(signedOut).not.toHaveBeenCalled();
      expect(await second.getAccessToken()).toBe('at101');
    });

    it('discards a renewal that finishes after a logout', async () => {
      const storage = memoryStorage();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const client = createAuthClient({
        baseUrl: 'https://api.example.com',
        storage,
        proactive: false,
        fetch: async (input, init) => {
          if (String(input).endsWith('/auth/refresh')) await gate;
          return server.fetch(input, init);
        },
      });
      clients.push(client);
      await client.login({ email: 'a@example.com', password: 'p' });
      await jest.advanceTimersByTimeAsync(101_000);
      const renewal = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(0);
      await client.logout();
      release();
      expect(await renewal).toBeUndefined();
      expect(await storage.get('autorenew.session')).toBeUndefined();
      expect(await client.getAccessToken()).toBeUndefined();
    });
  });

  describe('refresh failures', () => {
    it('signs out once, clears storage and never retries when the refresh is refused', async () => {
      const storage = memoryStorage();
      const client = await signIn({}, storage);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      server.refreshScript.push(unauthorized('SESSION_REVOKED'));
      await jest.advanceTimersByTimeAsync(90_000);
      await jest.advanceTimersByTimeAsync(600_000);
      expect(server.refreshCalls).toBe(1);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(signedOut).toHaveBeenCalledWith({ reason: 'revoked' });
      expect(await storage.get('autorenew.session')).toBeUndefined();
    });

    it('refuses a refresh answer for another session: signs out once and adopts none of it', async () => {
      const storage = memoryStorage();
      const client = await signIn({ proactive: false }, storage);
      const signedOut = jest.fn();
      const refreshed = jest.fn();
      client.on('signedOut', signedOut);
      client.on('refreshed', refreshed);
      server.refreshScript.push(() =>
        json(200, { access_token: 'foreign', refresh_token: 'rt-foreign', expires_in: 100, token_type: 'Bearer', session_id: 's2' }),
      );
      await jest.advanceTimersByTimeAsync(101_000);
      expect(await client.getAccessToken()).toBeUndefined();
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(signedOut).toHaveBeenCalledWith({ reason: 'revoked' });
      expect(refreshed).not.toHaveBeenCalled();
      expect(await storage.get('autorenew.session')).toBeUndefined();
      await client.fetch('/users/me');
      expect(server.seenTokens).toEqual([null]);
      expect(server.refreshCalls).toBe(1);
    });

    it('retries 503s with backoff honouring Retry-After, keeping the session', async () => {
      const client = await signIn({ proactive: false });
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      server.refreshScript.push(
        () => json(503, { code: 'SERVICE_UNAVAILABLE' }, { 'retry-after': '5' }),
        () => json(503, {}, { 'retry-after': '5' }),
      );
      await jest.advanceTimersByTimeAsync(101_000);
      const token = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(4_900);
      expect(server.refreshCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(200);
      expect(server.refreshCalls).toBe(2);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(await token).toBe('at2');
      expect(server.refreshCalls).toBe(3);
      expect(signedOut).not.toHaveBeenCalled();
    });

    it("retries a refresh whose answer was lost inside the server's grace window, getting the successor", async () => {
      server.graceMs = 10_000;
      const client = await signIn({ proactive: false });
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      await jest.advanceTimersByTimeAsync(101_000);
      server.loseAnswers = 1;
      const token = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(await token).toBe('at2');
      expect(server.refreshCalls).toBe(2);
      expect(server.refreshArrivals[1] - server.refreshArrivals[0]).toBeLessThan(10_000);
      expect(server.reused).toBe(false);
      expect(signedOut).not.toHaveBeenCalled();
    });

    it('sends no retry that could reach the server after the grace window, however many answers are lost', async () => {
      server.graceMs = 10_000;
      const storage = memoryStorage();
      const client = await signIn({ proactive: false, maxRetries: 5 }, storage);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      await jest.advanceTimersByTimeAsync(101_000);
      server.loseAnswers = 10;
      const token = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(await token).toBeUndefined();
      // Each attempt is over (answered or aborted after 4 s) before the first one's rotation is 10 s old.
      expect(server.refreshArrivals.every((at) => at + 4_000 <= server.refreshArrivals[0] + 10_000)).toBe(true);
      expect(server.refreshCalls).toBe(2);
      expect(server.reused).toBe(false);
      expect(signedOut).not.toHaveBeenCalled();
      expect(await storage.get('autorenew.session')).toBeDefined();
    });

    it('never retries a refresh whose answer was lost when the server has no grace window', async () => {
      server.graceMs = 0;
      const client = await signIn({ proactive: false, reuseGraceSeconds: 0 });
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      await jest.advanceTimersByTimeAsync(101_000);
      server.loseAnswers = 1;
      const token = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(await token).toBeUndefined();
      expect(server.refreshCalls).toBe(1);
      expect(server.reused).toBe(false);
      expect(signedOut).not.toHaveBeenCalled();
    });

    it("refuses a refreshTimeout longer than half the server's grace window", () => {
      expect(() => make({ refreshTimeout: 15_000 })).toThrow(RangeError);
      expect(() => make({ refreshTimeout: 6_000, reuseGraceSeconds: 10 })).toThrow(/at most half/);
      expect(() => make({ refreshTimeout: 15_000, reuseGraceSeconds: 30 })).not.toThrow();
      expect(() => make({ refreshTimeout: 15_000, reuseGraceSeconds: 0 })).not.toThrow();
    });

    it('gives up after the retry cap without signing out or leaving an unhandled rejection', async () => {
      const storage = memoryStorage();
      const client = await signIn({ proactive: false, maxRetries: 2 }, storage);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      server.refreshScript.push(...Array.from({ length: 5 }, () => () => json(502, {})));
      await jest.advanceTimersByTimeAsync(101_000);
      const token = client.getAccessToken();
      await jest.advanceTimersByTimeAsync(120_000);
      expect(await token).toBeUndefined();
      expect(server.refreshCalls).toBe(3);
      await settle();
      expect(unhandled).toEqual([]);
      expect(signedOut).not.toHaveBeenCalled();
      expect(await storage.get('autorenew.session')).toBeDefined();
    });

    it('gives up a timer-driven renewal after network errors without signing out or leaving an unhandled rejection, and renews later', async () => {
      const storage = memoryStorage();
      const client = await signIn({ maxRetries: 2 }, storage);
      const signedOut = jest.fn();
      client.on('signedOut', signedOut);
      server.refreshScript.push(
        ...Array.from({ length: 3 }, () => () => {
          throw new TypeError('fetch failed');
        }),
      );
      await jest.advanceTimersByTimeAsync(95_000);
      expect(server.refreshCalls).toBe(3);
      await settle();
      expect(unhandled).toEqual([]);
      expect(signedOut).not.toHaveBeenCalled();
      expect(await storage.get('autorenew.session')).toBeDefined();
      await jest.advanceTimersByTimeAsync(30_000);
      expect(await client.getAccessToken()).toBe('at2');
    });
  });
});
