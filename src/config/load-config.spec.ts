import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config.js';

const STRONG_SECRET = 'k3J9x2LmQ8vR4tY7uP1wZ5aB6cD0eF3gH8iJ';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const sut = loadConfig({ JWT_SECRET: STRONG_SECRET, DATA_DIR: '/tmp/autorenew-config-test' });
    expect(sut.http.port).toBe(3000);
    expect(sut.http.publicUrl).toBeUndefined();
    expect(sut.database.url).toBe('sqlite:/tmp/autorenew-config-test/autorenew.sqlite');
    expect(sut.jwt).toEqual({
      secret: STRONG_SECRET,
      previousSecrets: [],
      algorithm: 'HS256',
      privateKey: undefined,
      previousPublicKeys: [],
      issuer: 'autorenew',
      audience: 'autorenew',
      accessTokenTtl: 900,
      clockSkew: 30,
    });
    expect(sut.sessions).toEqual({ idleTtl: 7 * 86400, maxAge: 30 * 86400, reuseGrace: 10, maxPerUser: 50 });
    expect(sut.retention).toEqual({ sessions: 30 * 86400, activity: 90 * 86400, cleanupInterval: 3600 });
  });

  it('reads durations in every accepted unit', () => {
    const sut = loadConfig({
      JWT_SECRET: STRONG_SECRET,
      ACCESS_TOKEN_TTL: '15m',
      SESSION_IDLE_TTL: '12h',
      SESSION_MAX_AGE: '72h',
      REFRESH_REUSE_GRACE: '0',
    });
    expect(sut.jwt.accessTokenTtl).toBe(900);
    expect(sut.sessions).toMatchObject({ idleTtl: 43200, maxAge: 259200, reuseGrace: 0 });
  });

  it('requires a secret, a public URL and an app URL in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET is required when NODE_ENV=production',
      'PUBLIC_URL is required when NODE_ENV=production',
      'APP_URL is required when NODE_ENV=production',
    ]);
  });

  it('refuses to start in production without APP_URL, which reset links point at', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'Kq3vN8r2Lk5xZ7pT0mW9aY4bC6dE1fG2hJsU',
      PUBLIC_URL: 'https://auth.example.com',
    };
    expect(problemsOf(production)).toEqual(['APP_URL is required when NODE_ENV=production']);
    expect(problemsOf({ ...production, APP_URL: '' })).toEqual(['APP_URL is required when NODE_ENV=production']);
    expect(problemsOf({ ...production, APP_URL: 'https://app.example.com' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'development' })).not.toContain('APP_URL is required when NODE_ENV=production');
  });

  it('refuses a short or placeholder secret', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toContain('JWT_SECRET must be at least 32 bytes');
    expect(problemsOf({ JWT_SECRET: 'x'.repeat(40) })).toContain('JWT_SECRET looks like a placeholder');
  });

  it('lists every bad value at once', () => {
    const problems = problemsOf({
      JWT_SECRET: STRONG_SECRET,
      PORT: 'eighty',
      ACCESS_TOKEN_TTL: '15 minutes',
      DATABASE_URL: 'postgres://x',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/ACCESS_TOKEN_TTL/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
  });

  it('requires a readable P-256 key for ES256 and bounds the clock skew to 60 s', () => {
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, JWT_ALGORITHM: 'ES256' })).toEqual([
      'JWT_PRIVATE_KEY is required with JWT_ALGORITHM=ES256',
    ]);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY: 'not a pem' })).toEqual([
      'JWT_PRIVATE_KEY is not a readable PEM private key',
    ]);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, JWT_ALGORITHM: 'RS256' })).toHaveLength(1);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, JWT_CLOCK_SKEW: '61' })).toHaveLength(1);
  });

  it('reads previous secrets as a comma list and checks each', () => {
    const previous = 'p9Q2w8E3r7T4y6U1i5O0pAsDfGhJkLzX';
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, JWT_PREVIOUS_SECRETS: ` ${previous} ,` }).jwt.previousSecrets).toEqual([previous]);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, JWT_PREVIOUS_SECRETS: 'short' })).toEqual([
      'each of JWT_PREVIOUS_SECRETS must be at least 32 bytes',
    ]);
  });

  it('reads TRUST_PROXY as true, false, a hop count or a proxy list, and refuses anything else', () => {
    const trustProxy = (value: string) => loadConfig({ JWT_SECRET: STRONG_SECRET, TRUST_PROXY: value }).http.trustProxy;
    expect([trustProxy('true'), trustProxy('false'), trustProxy('1'), trustProxy('10.0.0.0/8, ::1')]).toEqual([
      true,
      false,
      1,
      '10.0.0.0/8,::1',
    ]);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, TRUST_PROXY: '10.0.0.1, proxy.local' })).toEqual([
      'TRUST_PROXY must be true, false, a number of proxy hops, or a comma list of proxy addresses/CIDRs (not: proxy.local)',
    ]);
  });

  it('leaves metrics off by default, on loopback when METRICS_PORT is set, and refuses a port out of range', () => {
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET }).metrics).toEqual({ port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
      port: 0,
      host: '0.0.0.0',
    });
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, METRICS_PORT: '70000' })).toEqual([
      'METRICS_PORT must be a port number (0 picks a free one)',
    ]);
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, METRICS_PORT: 'x' })).toHaveLength(1);
  });

  it('reads INTROSPECTION_CLIENTS (none by default) and refuses a malformed or, in production, weak entry at boot', () => {
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET }).introspection).toEqual({ clients: [] });
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, INTROSPECTION_CLIENTS: 'billing:dev-secret' }).introspection).toEqual({
      clients: [{ id: 'billing', secret: 'dev-secret' }],
    });
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, INTROSPECTION_CLIENTS: 'billing' })).toEqual([
      'INTROSPECTION_CLIENTS entry 1 must be id:secret',
    ]);
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      PUBLIC_URL: 'https://auth.example.com',
      APP_URL: 'https://app.example.com',
    };
    expect(problemsOf({ ...production, INTROSPECTION_CLIENTS: 'billing:dev-secret' })).toEqual([
      'the INTROSPECTION_CLIENTS secret of billing must be at least 32 bytes',
    ]);
    expect(problemsOf({ ...production, INTROSPECTION_CLIENTS: `billing:${STRONG_SECRET}` })).toEqual([]);
  });

  it('serves the API docs unless API_DOCS=false, and refuses any other value', () => {
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET }).apiDocs).toEqual({ enabled: true });
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, API_DOCS: 'true' }).apiDocs).toEqual({ enabled: true });
    expect(loadConfig({ JWT_SECRET: STRONG_SECRET, API_DOCS: 'false' }).apiDocs).toEqual({ enabled: false });
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, API_DOCS: 'no' })).toEqual([
      'API_DOCS must be one of the following values: true, false',
    ]);
  });

  it('refuses an idle timeout longer than the maximum age', () => {
    expect(problemsOf({ JWT_SECRET: STRONG_SECRET, SESSION_IDLE_TTL: '31d' })).toEqual([
      'SESSION_IDLE_TTL must not exceed SESSION_MAX_AGE',
    ]);
  });

  it('generates a local secret once outside production and keeps it private', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'autorenew-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwt.secret);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
