import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain.error.js';
import { assertCookieRequestAllowed, clearedRefreshCookie, cookieRequestOrigins, refreshCookie } from './refresh-cookie.js';

describe('refreshCookie', () => {
  it('is a __Host- cookie, HttpOnly, Secure, SameSite=Strict, living no longer than the session', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(refreshCookie('rt1.x', new Date('2026-01-01T01:00:00Z'), now)).toBe(
      '__Host-refresh_token=rt1.x; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(clearedRefreshCookie()).toBe('__Host-refresh_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict');
  });
});

describe('assertCookieRequestAllowed', () => {
  const allowed = ['https://app.example.com'];
  const verdict = (headers: { requestedWith?: string; origin?: string }) => {
    try {
      assertCookieRequestAllowed(headers, allowed);
      return 'ok';
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('accepts a request with X-Requested-With and no Origin, or an allowed Origin', () => {
    expect(verdict({ requestedWith: 'fetch' })).toBe('ok');
    expect(verdict({ requestedWith: '', origin: 'https://app.example.com' })).toBe('ok');
  });

  it('refuses one without X-Requested-With, or from another origin', () => {
    expect(verdict({})).toBe('CSRF_REJECTED');
    expect(verdict({ origin: 'https://app.example.com' })).toBe('CSRF_REJECTED');
    expect(verdict({ requestedWith: 'fetch', origin: 'https://evil.example.com' })).toBe('CSRF_REJECTED');
  });
});

describe('cookieRequestOrigins', () => {
  const config = (environment: 'production' | 'development' | 'test', publicUrl?: string) => ({
    environment,
    http: { port: 3000, host: '0.0.0.0', trustProxy: false, corsOrigins: ['https://app.example.com'], publicUrl },
  });

  it("accepts this service's own origin from PUBLIC_URL, and not the one the request addressed", () => {
    expect(cookieRequestOrigins(config('production', 'https://auth.example.com/base'), 'http://attacker.example')).toEqual([
      'https://app.example.com',
      'https://auth.example.com',
    ]);
  });

  it('accepts the origin the request addressed outside production when PUBLIC_URL is unset', () => {
    expect(cookieRequestOrigins(config('development'), 'http://localhost:3000')).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
  });

  it('never trusts the Host header in production', () => {
    expect(cookieRequestOrigins(config('production'), 'http://localhost:3000')).toEqual(['https://app.example.com']);
  });
});
