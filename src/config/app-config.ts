import type { TrustProxy } from './trust-proxy.js';

/** The validated, typed configuration of the whole service. Built once at boot by `loadConfig`. */
export class AppConfig {
  readonly environment: 'production' | 'development' | 'test';
  readonly http: { port: number; host: string; trustProxy: TrustProxy; corsOrigins: string[]; publicUrl?: string };
  readonly log: { level: string };
  readonly database: { url: string };
  readonly jwt: {
    /** Signs HS256 access tokens and keys refresh-token MACs (whatever the access-token algorithm). */
    secret: string;
    /** Retired secrets: still verify access and refresh tokens until removed. */
    previousSecrets: string[];
    algorithm: 'HS256' | 'ES256';
    /** PEM, with JWT_ALGORITHM=ES256. */
    privateKey?: string;
    previousPublicKeys: string[];
    issuer: string;
    audience: string;
    accessTokenTtl: number;
    clockSkew: number;
  };
  readonly sessions: { idleTtl: number; maxAge: number; reuseGrace: number; maxPerUser: number };
  readonly mail: { appUrl: string; smtpUrl?: string; from: string; outboxDir: string };
  readonly passwords: { hashConcurrency: number; hashQueue: number };
  /** The account page at /account (account-page/, built into dist/account-page). */
  readonly accountPage: { enabled: boolean };
  /** Swagger UI at /docs and the OpenAPI document at /docs/json (src/openapi/api-docs.ts). */
  readonly apiDocs: { enabled: boolean };
  /** Registrations allowed per client IP per hour. */
  readonly registration: { perIpPerHour: number };
  /** Without `url`, the service is a single instance: revocations and throttling stay in this process. */
  readonly redis: { url?: string; keyPrefix: string };
  /** Resource servers allowed to call POST /oauth/introspect (RFC 7662); none: it refuses everyone. */
  readonly introspection: { clients: Array<{ id: string; secret: string }> };
  /** The guard's per-instance cache of session and user auth state: entry lifetime (s) and size bound. */
  readonly authCache: { ttl: number; maxEntries: number };
  /** Prometheus endpoint: off without `port`; `host` defaults to loopback. */
  readonly metrics: { port?: number; host: string };
  /** How long ended sessions and old security events are kept, and how often they are purged (0: never). */
  readonly retention: { sessions: number; activity: number; cleanupInterval: number };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
