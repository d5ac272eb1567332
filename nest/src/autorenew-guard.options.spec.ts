import { describe, expect, it } from '@jest/globals';
import { resolveGuardOptions } from './autorenew-guard.options.js';

const valid = {
  serviceUrl: 'https://auth.example.com/',
  issuer: 'autorenew',
  audience: 'autorenew',
  clientId: 'catalog',
  clientSecret: 'catalog-client-secret-0123456789',
};

describe('resolveGuardOptions', () => {
  it('trims the service URL and caches 5 s without Redis, 60 s with it', () => {
    expect(resolveGuardOptions(valid)).toMatchObject({ serviceUrl: 'https://auth.example.com', cacheTtl: 5, redisKeyPrefix: 'autorenew:' });
    expect(resolveGuardOptions({ ...valid, redisUrl: 'redis://127.0.0.1:6379' }).cacheTtl).toBe(60);
    expect(resolveGuardOptions({ ...valid, cacheTtl: 2 }).cacheTtl).toBe(2);
  });

  it("defaults accessTokenTtl and clockSkew to the service's defaults, and takes others", () => {
    expect(resolveGuardOptions(valid)).toMatchObject({ accessTokenTtl: 900, clockSkew: 30 });
    expect(resolveGuardOptions({ ...valid, accessTokenTtl: 3600, clockSkew: 0 })).toMatchObject({ accessTokenTtl: 3600, clockSkew: 0 });
  });

  it('accepts http:// only to a loopback host, unless allowInsecureHttp says otherwise', () => {
    for (const serviceUrl of [
      'http://127.0.0.1:3000',
      'http://127.1.2.3',
      'http://[::1]:3000/',
      'http://localhost:3000',
      'HTTP://LOCALHOST',
    ])
      expect(resolveGuardOptions({ ...valid, serviceUrl }).serviceUrl).toBe(serviceUrl.replace(/\/+$/, ''));
    for (const serviceUrl of ['http://auth.internal:3000', 'http://10.0.0.5', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io'])
      expect(resolveGuardOptions({ ...valid, serviceUrl, allowInsecureHttp: true }).serviceUrl).toBe(serviceUrl);
  });

  it.each([
    ['an http:// serviceUrl to another host', { serviceUrl: 'http://auth.example.com' }, /serviceUrl must be https:\/\//],
    ['an http:// serviceUrl to a private address', { serviceUrl: 'http://10.0.0.5:3000' }, /serviceUrl must be https:\/\//],
    ['an http:// serviceUrl that only starts like localhost', { serviceUrl: 'http://localhost.evil.example' }, /must be https:\/\//],
    ['an http:// serviceUrl that only starts like 127.0.0.1', { serviceUrl: 'http://127.0.0.1.nip.io' }, /must be https:\/\//],
    ['an http:// serviceUrl with allowInsecureHttp false', { serviceUrl: 'http://auth.example.com', allowInsecureHttp: false }, /https/],
    ['a serviceUrl of another scheme', { serviceUrl: 'ftp://auth.example.com' }, /serviceUrl must be an http/],
    ['no serviceUrl', { serviceUrl: '' }, /serviceUrl is required/],
    ['a serviceUrl that is no http URL', { serviceUrl: 'auth.example.com' }, /serviceUrl must be an http/],
    ['no client secret', { clientSecret: undefined }, /clientSecret is required/],
    ['a short HS256 secret', { secret: 'short' }, /secret must be/],
    ['a redisUrl of another scheme', { redisUrl: 'http://127.0.0.1:6379' }, /redisUrl must be/],
    ['a cacheTtl of 0', { cacheTtl: 0 }, /cacheTtl must be/],
    ['an accessTokenTtl of 0', { accessTokenTtl: 0 }, /accessTokenTtl must be/],
    ['a fractional accessTokenTtl', { accessTokenTtl: 1.5 }, /accessTokenTtl must be/],
    ['a negative clockSkew', { clockSkew: -1 }, /clockSkew must be/],
    ['a clockSkew of more than 5 minutes', { clockSkew: 301 }, /clockSkew must be/],
  ])('fails the boot on %s', (_, change, message) => {
    expect(() => resolveGuardOptions({ ...valid, ...change } as typeof valid)).toThrow(message);
  });
});
