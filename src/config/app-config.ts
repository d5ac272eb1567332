/** The validated, typed configuration of the whole service. Built once at boot by `loadConfig`. */
export class AppConfig {
  readonly environment: 'production' | 'development' | 'test';
  readonly http: { port: number; host: string; trustProxy: boolean };
  readonly database: { url: string };
  readonly jwt: { secret: string; issuer: string; audience: string; accessTokenTtl: number };
  readonly sessions: { idleTtl: number; maxAge: number; reuseGrace: number };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
