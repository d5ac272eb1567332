import { ACCESS_TOKEN_TTL_SECONDS, CLOCK_SKEW_SECONDS } from './access-token-claims.js';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';

/** The options, named as in the issue so product code and docs stay stable (docs/integration.md). */
export interface AutorenewGuardOptions {
  /** The service's base URL: keys at `/.well-known/jwks.json`, introspection at `/oauth/introspect`. */
  serviceUrl: string;
  /** The access tokens' `iss` (the service's JWT_ISSUER). */
  issuer: string;
  /** The access tokens' `aud` (the service's JWT_AUDIENCE). */
  audience: string;
  /** The service's JWT_SECRET when it signs with HS256; without it, ES256 keys come from the JWKS. */
  secret?: string;
  /** A client listed in the service's INTROSPECTION_CLIENTS (`id:secret`). */
  clientId: string;
  clientSecret: string;
  /** The service's REDIS_URL: revocations reach this app within milliseconds. */
  redisUrl?: string;
  /** The service's REDIS_KEY_PREFIX, when it is not the default `autorenew:`. */
  redisKeyPrefix?: string;
  /** Seconds an "active" answer is trusted: 5 without Redis (the revocation bound), 60 with Redis (a safety net). */
  cacheTtl?: number;
  /** The service's ACCESS_TOKEN_TTL, seconds: a token whose `exp - iat` exceeds it is refused. Default 900, as there. */
  accessTokenTtl?: number;
  /** The service's JWT_CLOCK_SKEW, seconds of clock difference tolerated on `iat`, `nbf` and `exp`. Default 30, as there. */
  clockSkew?: number;
  /**
   * Allows an `http://` serviceUrl on a non-loopback host (a private network the operator trusts). Without
   * it only `https://`, or `http://` to 127.0.0.0/8, ::1 or localhost, is accepted: the client secret and
   * every token travel in these requests.
   */
  allowInsecureHttp?: boolean;
}

export interface AutorenewGuardAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  // Nest calls it with the providers named in `inject`, whose types only the caller knows.
  useFactory: (...args: never[]) => AutorenewGuardOptions | Promise<AutorenewGuardOptions>;
}

export type ResolvedGuardOptions = Required<Omit<AutorenewGuardOptions, 'secret' | 'redisUrl' | 'allowInsecureHttp'>> &
  Pick<AutorenewGuardOptions, 'secret' | 'redisUrl' | 'allowInsecureHttp'>;

export const AUTORENEW_GUARD_OPTIONS = Symbol('AUTORENEW_GUARD_OPTIONS');

const DEFAULT_CACHE_TTL = 5;
const DEFAULT_CACHE_TTL_WITH_REDIS = 60;

/** Fails the host app's boot on a missing or malformed option, rather than refusing every request later. */
export function resolveGuardOptions(options: AutorenewGuardOptions): ResolvedGuardOptions {
  const problems: string[] = [];
  for (const name of ['serviceUrl', 'issuer', 'audience', 'clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name].length === 0) problems.push(`${name} is required`);
  }
  if (typeof options.serviceUrl === 'string' && options.serviceUrl.length > 0) {
    const problem = serviceUrlProblem(options.serviceUrl, options.allowInsecureHttp === true);
    if (problem) problems.push(problem);
  }
  if (options.secret !== undefined && options.secret.length < 32)
    problems.push("secret must be the service's JWT_SECRET (at least 32 characters)");
  if (options.redisUrl !== undefined && !/^rediss?:\/\//.test(options.redisUrl))
    problems.push('redisUrl must be a redis:// or rediss:// URL');
  const accessTokenTtl = options.accessTokenTtl ?? ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isSafeInteger(accessTokenTtl) || accessTokenTtl < 1)
    problems.push('accessTokenTtl must be a whole number of seconds, at least 1');
  const clockSkew = options.clockSkew ?? CLOCK_SKEW_SECONDS;
  if (!Number.isSafeInteger(clockSkew) || clockSkew < 0 || clockSkew > 60)
    // The service's JWT_CLOCK_SKEW is at most 60 s; a wider tolerance here would accept what the service refuses.
    problems.push('clockSkew must be a whole number of seconds between 0 and 60');
  const cacheTtl = options.cacheTtl ?? (options.redisUrl ? DEFAULT_CACHE_TTL_WITH_REDIS : DEFAULT_CACHE_TTL);
  if (typeof cacheTtl !== 'number' || !(cacheTtl > 0) || cacheTtl > 3600)
    problems.push('cacheTtl must be a number of seconds, more than 0 and at most 3600');
  if (problems.length > 0) throw new Error(`AutorenewGuardModule: ${problems.join('; ')}`);
  return {
    ...options,
    serviceUrl: options.serviceUrl.replace(/\/+$/, ''),
    redisKeyPrefix: options.redisKeyPrefix ?? 'autorenew:',
    cacheTtl,
    accessTokenTtl,
    clockSkew,
  };
}

/** The client secret and the tokens cross this connection: TLS unless it never leaves the machine, or the operator says so. */
function serviceUrlProblem(serviceUrl: string, allowInsecureHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'serviceUrl must be an http(s) URL';
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/^https?:\/\/[^/]/i.test(serviceUrl))
    return 'serviceUrl must be an http(s) URL';
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname))
    return 'serviceUrl must be https:// (http:// only to a loopback host, or with allowInsecureHttp: true)';
  return undefined;
}

/** 127.0.0.0/8, ::1 and localhost: `URL` has already normalised the host (brackets, `127.1`, case). */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
