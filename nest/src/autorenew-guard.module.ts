import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AutorenewAuthGuard } from './autorenew-auth.guard.js';
import { AutorenewClock, SystemAutorenewClock } from './autorenew-clock.js';
import {
  AUTORENEW_GUARD_OPTIONS,
  AutorenewGuardAsyncOptions,
  AutorenewGuardOptions,
  ResolvedGuardOptions,
  resolveGuardOptions,
} from './autorenew-guard.options.js';
import { AutorenewRolesGuard } from './autorenew-roles.guard.js';
import { IntrospectionClient } from './introspection.client.js';
import { JwksKeySource } from './jwks-key-source.js';
import { LivenessCache } from './liveness-cache.js';
import { RedisInvalidationListener } from './redis-invalidation.listener.js';
import { SecretKeySource } from './secret-key-source.js';
import { SessionLiveness } from './session-liveness.js';
import { TokenVerifier } from './token-verifier.js';

const RESOLVED_OPTIONS = Symbol('AUTORENEW_RESOLVED_OPTIONS');

/** Everything but the options themselves; the two guards run in this order, authentication first. */
const PROVIDERS: Provider[] = [
  { provide: AutorenewClock, useClass: SystemAutorenewClock },
  { provide: RESOLVED_OPTIONS, inject: [AUTORENEW_GUARD_OPTIONS], useFactory: resolveGuardOptions },
  {
    provide: TokenVerifier,
    inject: [RESOLVED_OPTIONS, AutorenewClock],
    useFactory: (options: ResolvedGuardOptions, clock: AutorenewClock) =>
      new TokenVerifier(
        options.secret ? new SecretKeySource(options.secret) : new JwksKeySource(options.serviceUrl, clock),
        options,
        clock,
      ),
  },
  {
    provide: LivenessCache,
    inject: [RESOLVED_OPTIONS, AutorenewClock],
    // With Redis the cache starts off and turns on once the listener hears its first heartbeat.
    useFactory: (options: ResolvedGuardOptions, clock: AutorenewClock) =>
      new LivenessCache({ ttlMs: options.cacheTtl * 1000, enabled: !options.redisUrl }, clock),
  },
  {
    provide: IntrospectionClient,
    inject: [RESOLVED_OPTIONS],
    useFactory: (options: ResolvedGuardOptions) => new IntrospectionClient(options),
  },
  {
    provide: RedisInvalidationListener,
    inject: [RESOLVED_OPTIONS, LivenessCache],
    useFactory: (options: ResolvedGuardOptions, cache: LivenessCache) =>
      options.redisUrl ? new RedisInvalidationListener(options.redisUrl, options.redisKeyPrefix, cache) : null,
  },
  {
    provide: SessionLiveness,
    inject: [LivenessCache, IntrospectionClient],
    useFactory: (cache: LivenessCache, client: IntrospectionClient) => new SessionLiveness(cache, client),
  },
  { provide: APP_GUARD, useClass: AutorenewAuthGuard },
  { provide: APP_GUARD, useClass: AutorenewRolesGuard },
];

/**
 * Protects every route of the importing app with the autorenew service's access tokens: signature
 * checked here, liveness asked of the service (RFC 7662) and cached until the service announces a
 * revocation. See docs/integration.md.
 */
@Module({})
export class AutorenewGuardModule {
  static forRoot(options: AutorenewGuardOptions): DynamicModule {
    return {
      module: AutorenewGuardModule,
      global: true,
      providers: [{ provide: AUTORENEW_GUARD_OPTIONS, useValue: options }, ...PROVIDERS],
    };
  }

  /** For options read from configuration, e.g. `@nestjs/config`'s ConfigService. */
  static forRootAsync(options: AutorenewGuardAsyncOptions): DynamicModule {
    return {
      module: AutorenewGuardModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: AUTORENEW_GUARD_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory }, ...PROVIDERS],
    };
  }
}
