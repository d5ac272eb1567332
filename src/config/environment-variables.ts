import { IsIn, IsNumberString, IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { IsDuration } from './is-duration.decorator.js';

const DAY = 86400;

/** The environment as the service accepts it; every variable is optional and has a default. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @IsNumberString({ no_symbols: true })
  PORT?: string;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^(sqlite:.+|mysql:\/\/.+)$/, {
    message: 'DATABASE_URL must be sqlite:<path>, sqlite::memory: or mysql://user:pass@host:port/db',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  /** Comma-separated secrets that still verify access tokens and refresh tokens during a rotation. */
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRETS?: string;

  @IsOptional()
  @IsIn(['HS256', 'ES256'])
  JWT_ALGORITHM?: string;

  /** PEM (PKCS#8 or SEC1) P-256 private key, for JWT_ALGORITHM=ES256. `\n` escapes are accepted. */
  @IsOptional()
  @IsString()
  JWT_PRIVATE_KEY?: string;

  /** PEM public keys of retired ES256 signing keys that still verify until removed. */
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_PUBLIC_KEYS?: string;

  @IsOptional()
  @IsDuration({ min: 0, max: 60 })
  JWT_CLOCK_SKEW?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_AUDIENCE?: string;

  @IsOptional()
  @IsDuration({ min: 10, max: DAY })
  ACCESS_TOKEN_TTL?: string;

  @IsOptional()
  @IsDuration({ min: 60, max: 365 * DAY })
  SESSION_IDLE_TTL?: string;

  @IsOptional()
  @IsDuration({ min: 60, max: 365 * DAY })
  SESSION_MAX_AGE?: string;

  @IsOptional()
  @IsDuration({ min: 0, max: 300 })
  REFRESH_REUSE_GRACE?: string;

  @IsOptional()
  @IsNumberString({ no_symbols: true })
  SESSION_MAX_PER_USER?: string;

  @IsOptional()
  @IsDuration({ min: 0, max: 3650 * DAY })
  SESSION_RETENTION?: string;

  @IsOptional()
  @IsDuration({ min: DAY, max: 3650 * DAY })
  ACTIVITY_RETENTION?: string;

  @IsOptional()
  @IsDuration({ min: 0, max: DAY })
  CLEANUP_INTERVAL?: string;

  /** This service's own external URL: the OAuth issuer and endpoint base. Derived from each request when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL?: string;

  /** Base URL of the product's web app; reset links point at `<APP_URL>/reset-password`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  APP_URL?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  MAIL_FROM?: string;

  @IsOptional()
  @IsString()
  MAIL_OUTBOX_DIR?: string;

  @IsOptional()
  @IsNumberString({ no_symbols: true })
  PASSWORD_HASH_CONCURRENCY?: string;

  @IsOptional()
  @IsNumberString({ no_symbols: true })
  PASSWORD_HASH_QUEUE?: string;

  /**
   * `true` (trust any proxy: only behind one you control), a number of proxy hops, or a comma list of proxy
   * addresses/CIDRs; checked by parseTrustProxy (src/config/trust-proxy.ts).
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Comma list of browser origins allowed by CORS; none by default. */
  @IsOptional()
  @Matches(/^(https?:\/\/[^\s,/]+)(\s*,\s*https?:\/\/[^\s,/]+)*$/, {
    message: 'CORS_ORIGINS must be a comma list of origins such as https://app.example.com',
  })
  CORS_ORIGINS?: string;

  /** `false` turns off the account page served at /account. */
  @IsOptional()
  @IsIn(['true', 'false'])
  ACCOUNT_PAGE?: string;

  /** `false` turns off the API documentation (Swagger UI and openapi.json) served at /docs. */
  @IsOptional()
  @IsIn(['true', 'false'])
  API_DOCS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  /** Accounts one client IP (an IPv6 /64) may register per hour: bounds enumeration through 409 and hash floods. */
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  REGISTRATIONS_PER_IP_PER_HOUR?: string;

  /** Shared state between instances (revocation messages, throttling counters). Unset: one instance. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://[user:pass@]host:port[/db] or rediss://…' })
  REDIS_URL?: string;

  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 characters of A-Z a-z 0-9 : _ . -' })
  REDIS_KEY_PREFIX?: string;

  /**
   * `id:secret,id:secret`: the resource servers (other services of the product) that may call
   * POST /oauth/introspect with HTTP Basic; checked by parseIntrospectionClients.
   */
  @IsOptional()
  @IsString()
  INTROSPECTION_CLIENTS?: string;

  /** Safety-net lifetime of a cached auth state: bounds the damage of a lost invalidation message. */
  @IsOptional()
  @IsDuration({ min: 1, max: 3600 })
  AUTH_CACHE_TTL?: string;

  /** Most sessions (and as many users) whose auth state one instance keeps in memory. */
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  AUTH_CACHE_SIZE?: string;

  /** Port of the Prometheus endpoint, a listener apart from the API's; unset: no metrics. `0` picks a free port. */
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  METRICS_PORT?: string;

  /** Address the metrics listener binds; loopback unless a scraper elsewhere must reach it. */
  @IsOptional()
  @IsString()
  METRICS_HOST?: string;
}
