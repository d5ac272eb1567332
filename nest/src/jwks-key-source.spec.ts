import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';

const UNAVAILABLE = AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE;
import { FakeAutorenewClock } from './fake-autorenew-clock.js';
import { JWKS_MAX_AGE_MS, JWKS_REFETCH_INTERVAL_MS, JwksKeySource } from './jwks-key-source.js';

// The package logs outages and refusals; the specs assert the outcomes instead.
Logger.overrideLogger(false);

const newJwk = (kid: string) => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  kid,
  alg: 'ES256',
  use: 'sig',
});

describe('JwksKeySource', () => {
  let clock: FakeAutorenewClock;
  let published: object[];
  let available: boolean;
  let fetchJwks: jest.Mock<typeof fetch>;
  let sut: JwksKeySource;

  beforeEach(() => {
    clock = new FakeAutorenewClock();
    published = [newJwk('key-1')];
    available = true;
    fetchJwks = jest.fn<typeof fetch>(async () =>
      available ? Response.json({ keys: published }) : Promise.reject(new TypeError('fetch failed')),
    );
    sut = new JwksKeySource('https://auth.example.com', clock, fetchJwks);
  });

  describe('keyFor', () => {
    it('fetches the JWKS once and serves its keys from memory afterwards', async () => {
      expect((await sut.keyFor('key-1'))?.asymmetricKeyType).toBe('ec');
      await sut.keyFor('key-1');
      expect(fetchJwks).toHaveBeenCalledTimes(1);
      expect(String(fetchJwks.mock.calls[0][0])).toBe('https://auth.example.com/.well-known/jwks.json');
      expect(fetchJwks.mock.calls[0][1]?.redirect).toBe('error');
    });

    it('refetches when a token names a kid it does not hold (the service rotated its key)', async () => {
      await sut.keyFor('key-1');
      published = [newJwk('key-2'), ...published];
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      expect((await sut.keyFor('key-2'))?.asymmetricKeyType).toBe('ec');
      expect(fetchJwks).toHaveBeenCalledTimes(2);
    });

    it('refetches at most once per interval, however many unknown kids are presented', async () => {
      await sut.keyFor('key-1');
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      // The first unknown kid was looked up in a set fetched for it: not the service's, so invalid.
      expect(await sut.keyFor('forged-0')).toBeUndefined();
      for (let i = 1; i < 50; i += 1) await expect(sut.keyFor(`forged-${i}`)).rejects.toMatchObject({ code: UNAVAILABLE });
      expect(fetchJwks).toHaveBeenCalledTimes(2);
      clock.advance(JWKS_REFETCH_INTERVAL_MS - 1);
      await expect(sut.keyFor('forged-again')).rejects.toMatchObject({ code: UNAVAILABLE });
      expect(fetchJwks).toHaveBeenCalledTimes(2);
      clock.advance(1);
      expect(await sut.keyFor('forged-again')).toBeUndefined();
      expect(fetchJwks).toHaveBeenCalledTimes(3);
    });

    it('answers 503 with Retry-After, not TOKEN_INVALID, for an unknown kid it was rate-limited from looking up', async () => {
      await sut.keyFor('key-1');
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      // A forged kid spends this interval's fetch; the service then rotates its key.
      expect(await sut.keyFor('forged')).toBeUndefined();
      published = [newJwk('key-2'), ...published];
      const refused = await sut.keyFor('key-2').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(AutorenewAuthError);
      expect((refused as AutorenewAuthError).code).toBe(UNAVAILABLE);
      expect((refused as AutorenewAuthError).getStatus()).toBe(503);
      expect((refused as AutorenewAuthError).headers['Retry-After']).toBe('5');
      // The client's retry, once a fetch is allowed again, finds the rotated key.
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      expect((await sut.keyFor('key-2'))?.asymmetricKeyType).toBe('ec');
    });

    it('lets concurrent lookups of an unknown kid share the fetch under way, and answers them from it', async () => {
      await sut.keyFor('key-1');
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      published = [newJwk('key-2'), ...published];
      const [first, second, forged] = await Promise.all([sut.keyFor('key-2'), sut.keyFor('key-2'), sut.keyFor('forged')]);
      expect(first?.asymmetricKeyType).toBe('ec');
      expect(second).toBe(first);
      expect(forged).toBeUndefined();
      expect(fetchJwks).toHaveBeenCalledTimes(2);
    });

    it('refetches a set older than five minutes on use, and forgets the keys the service withdrew', async () => {
      await sut.keyFor('key-1');
      published = [newJwk('key-2')];
      clock.advance(JWKS_MAX_AGE_MS - 1);
      expect((await sut.keyFor('key-1'))?.asymmetricKeyType).toBe('ec');
      expect(fetchJwks).toHaveBeenCalledTimes(1);
      const before = sut.version;
      clock.advance(1);
      expect(await sut.keyFor('key-1')).toBeUndefined();
      expect(fetchJwks).toHaveBeenCalledTimes(2);
      expect(sut.version).toBe(before + 1);
      expect((await sut.keyFor('key-2'))?.asymmetricKeyType).toBe('ec');
    });

    it('keeps serving the keys it holds when the refetch of an old set fails', async () => {
      await sut.keyFor('key-1');
      available = false;
      clock.advance(JWKS_MAX_AGE_MS);
      expect((await sut.keyFor('key-1'))?.asymmetricKeyType).toBe('ec');
      expect(fetchJwks).toHaveBeenCalledTimes(2);
      // Retried on use at the rate limit, not on every request.
      await sut.keyFor('key-1');
      expect(fetchJwks).toHaveBeenCalledTimes(2);
      available = true;
      clock.advance(JWKS_REFETCH_INTERVAL_MS);
      await sut.keyFor('key-1');
      expect(fetchJwks).toHaveBeenCalledTimes(3);
    });

    it('shares one fetch between concurrent first requests', async () => {
      const keys = await Promise.all([sut.keyFor('key-1'), sut.keyFor('key-1'), sut.keyFor('key-1')]);
      expect(keys.every((key) => key?.asymmetricKeyType === 'ec')).toBe(true);
      expect(fetchJwks).toHaveBeenCalledTimes(1);
    });

    it('fails closed with AUTH_SERVICE_UNAVAILABLE when the JWKS cannot be fetched', async () => {
      available = false;
      await expect(sut.keyFor('key-1')).rejects.toMatchObject({ code: AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE });
      await expect(sut.keyFor('key-1')).rejects.toMatchObject({ code: AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE });
      expect(fetchJwks).toHaveBeenCalledTimes(1);
    });

    it('ignores keys that are not P-256 signing keys', async () => {
      published = [
        { ...newJwk('enc'), use: 'enc' },
        { ...newJwk('rsa'), alg: 'RS256' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'oct' },
      ];
      for (const kid of ['enc', 'rsa', 'oct']) {
        // Each from a set fetched for it (within one interval the rate limit would answer 503 instead).
        clock.advance(JWKS_REFETCH_INTERVAL_MS);
        expect(await sut.keyFor(kid)).toBeUndefined();
      }
      expect(fetchJwks).toHaveBeenCalledTimes(3);
    });

    it('answers undefined for a token without kid, without fetching', async () => {
      expect(await sut.keyFor(undefined)).toBeUndefined();
      expect(fetchJwks).not.toHaveBeenCalled();
    });
  });
});
