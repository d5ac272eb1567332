import { plainToInstance } from 'class-transformer';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { validateSync } from 'class-validator';
import { parseDuration } from '../common/time/duration.js';
import { parseTrustProxy } from './trust-proxy.js';
import { defaultDatabaseUrl } from './default-database-url.js';
import { AppConfig } from './app-config.js';
import { EnvironmentVariables } from './environment-variables.js';
import { parseIntrospectionClients } from './introspection-clients.js';
import { loadOrCreateLocalSecret, weakSecretReason } from './jwt-secret.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates the environment once, at boot; throws ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, withoutEmpty(env));
  const problems = validateSync(vars).flatMap((error) => Object.values(error.constraints ?? {}));
  const environment = (vars.NODE_ENV ?? 'development') as AppConfig['environment'];
  const dataDir = vars.DATA_DIR ?? './data';
  const secret = resolveSecret(vars.JWT_SECRET, environment, dataDir, problems);
  const previousSecrets = splitList(vars.JWT_PREVIOUS_SECRETS);
  for (const previous of previousSecrets) {
    const reason = weakSecretReason(previous);
    if (reason) problems.push(reason.replace('JWT_SECRET', 'each of JWT_PREVIOUS_SECRETS'));
  }
  const algorithm = (vars.JWT_ALGORITHM ?? 'HS256') as AppConfig['jwt']['algorithm'];
  const privateKey = vars.JWT_PRIVATE_KEY ? unescapePem(vars.JWT_PRIVATE_KEY) : undefined;
  const previousPublicKeys = splitPems(vars.JWT_PREVIOUS_PUBLIC_KEYS);
  problems.push(...keyProblems(algorithm, privateKey, previousPublicKeys));
  const idleTtl = seconds(vars.SESSION_IDLE_TTL, '7d');
  const maxAge = seconds(vars.SESSION_MAX_AGE, '30d');
  if (idleTtl > maxAge) problems.push('SESSION_IDLE_TTL must not exceed SESSION_MAX_AGE');
  // Derived from the Host header otherwise, which a client controls: fine locally, not in production.
  if (environment === 'production' && !vars.PUBLIC_URL) problems.push('PUBLIC_URL is required when NODE_ENV=production');
  // Password-reset links would otherwise point at http://localhost:3000.
  if (environment === 'production' && !vars.APP_URL) problems.push('APP_URL is required when NODE_ENV=production');
  if (vars.SESSION_MAX_PER_USER !== undefined && Number(vars.SESSION_MAX_PER_USER) < 1) {
    problems.push('SESSION_MAX_PER_USER must be at least 1');
  }
  const authCacheSize = Number(vars.AUTH_CACHE_SIZE ?? 100_000);
  if (authCacheSize < 100 || authCacheSize > 10_000_000) problems.push('AUTH_CACHE_SIZE must be between 100 and 10000000');
  if (vars.METRICS_PORT !== undefined && Number(vars.METRICS_PORT) > 65535)
    problems.push('METRICS_PORT must be a port number (0 picks a free one)');
  const introspection = parseIntrospectionClients(vars.INTROSPECTION_CLIENTS, environment);
  problems.push(...introspection.problems);
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  if (problems.length > 0) throw new ConfigError(problems);

  return new AppConfig({
    environment,
    http: {
      port: Number(vars.PORT ?? 3000),
      host: vars.HOST ?? '0.0.0.0',
      trustProxy: 'trustProxy' in trustProxy ? trustProxy.trustProxy : false,
      corsOrigins: splitList(vars.CORS_ORIGINS),
      publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ''),
    },
    log: { level: vars.LOG_LEVEL ?? 'info' },
    database: { url: vars.DATABASE_URL ?? defaultDatabaseUrl(dataDir) },
    jwt: {
      secret,
      previousSecrets,
      algorithm,
      privateKey,
      previousPublicKeys,
      issuer: vars.JWT_ISSUER ?? 'autorenew',
      audience: vars.JWT_AUDIENCE ?? 'autorenew',
      accessTokenTtl: seconds(vars.ACCESS_TOKEN_TTL, '900'),
      clockSkew: seconds(vars.JWT_CLOCK_SKEW, '30'),
    },
    sessions: {
      idleTtl,
      maxAge,
      reuseGrace: seconds(vars.REFRESH_REUSE_GRACE, '10s'),
      maxPerUser: Number(vars.SESSION_MAX_PER_USER ?? 50),
    },
    mail: {
      appUrl: vars.APP_URL ?? 'http://localhost:3000',
      smtpUrl: vars.SMTP_URL,
      from: vars.MAIL_FROM ?? 'autorenew <no-reply@localhost>',
      outboxDir: vars.MAIL_OUTBOX_DIR ?? `${dataDir}/outbox`,
    },
    passwords: {
      hashConcurrency: Math.max(1, Number(vars.PASSWORD_HASH_CONCURRENCY ?? 4)),
      hashQueue: Number(vars.PASSWORD_HASH_QUEUE ?? 32),
    },
    accountPage: { enabled: vars.ACCOUNT_PAGE !== 'false' },
    apiDocs: { enabled: vars.API_DOCS !== 'false' },
    registration: { perIpPerHour: Math.max(1, Number(vars.REGISTRATIONS_PER_IP_PER_HOUR ?? 20)) },
    redis: { url: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX ?? 'autorenew:' },
    introspection: { clients: introspection.clients },
    authCache: { ttl: seconds(vars.AUTH_CACHE_TTL, '30s'), maxEntries: authCacheSize },
    metrics: { port: vars.METRICS_PORT === undefined ? undefined : Number(vars.METRICS_PORT), host: vars.METRICS_HOST ?? '127.0.0.1' },
    retention: {
      sessions: seconds(vars.SESSION_RETENTION, '30d'),
      activity: seconds(vars.ACTIVITY_RETENTION, '90d'),
      cleanupInterval: seconds(vars.CLEANUP_INTERVAL, '1h'),
    },
  });
}

function resolveSecret(configured: string | undefined, environment: string, dataDir: string, problems: string[]): string {
  if (configured !== undefined) {
    const reason = weakSecretReason(configured);
    if (reason) problems.push(reason);
    return configured;
  }
  if (environment === 'production') {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
    return '';
  }
  return loadOrCreateLocalSecret(dataDir);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Environment files often carry PEMs on one line with literal `\n`. */
function unescapePem(value: string): string {
  return value.replace(/\\n/g, '\n');
}

function splitPems(value: string | undefined): string[] {
  if (!value) return [];
  return unescapePem(value).match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
}

function keyProblems(algorithm: string, privateKey: string | undefined, publicKeys: string[]): string[] {
  if (algorithm !== 'ES256') return privateKey ? ['JWT_PRIVATE_KEY is only used with JWT_ALGORITHM=ES256'] : [];
  if (!privateKey) return ['JWT_PRIVATE_KEY is required with JWT_ALGORITHM=ES256'];
  const problems: string[] = [];
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      problems.push('JWT_PRIVATE_KEY must be a P-256 (ES256) key');
  } catch {
    problems.push('JWT_PRIVATE_KEY is not a readable PEM private key');
  }
  for (const pem of publicKeys) {
    try {
      createPublicKey(pem);
    } catch {
      problems.push('JWT_PREVIOUS_PUBLIC_KEYS holds an unreadable PEM public key');
    }
  }
  return problems;
}

function seconds(value: string | undefined, fallback: string): number {
  return parseDuration(value ?? fallback) ?? 0;
}

/** An empty variable (`PORT=`) means "use the default", as in most twelve-factor services. */
function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
