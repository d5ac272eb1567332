/** The validated, typed configuration of the whole service. Built once at boot by `loadConfig`. */
export class AppConfig {
  readonly environment: 'production' | 'development' | 'test';
  readonly http: { port: number; host: string; trustProxy: boolean };
  readonly database: { url: string };
  readonly jwt: { secret: string; issuer: string; audience: string; accessTokenTtl: number };
  readonly sessions: { idleTtl: number; maxAge: number; reuseGrace: number; maxPerUser: number };
  /** How long ended sessions and old security events are kept, and how often they are purged (0: never). */
  readonly retention: { sessions: number; activity: number; cleanupInterval: number };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
