import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { throttleKeyForIp } from '../common/network/throttle-key-for-ip.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { AttemptCheck, AttemptLimiter } from '../throttling/attempt-limiter.service.js';
import { ATTEMPT_LIMITS } from '../throttling/attempt-limits.js';
import { parseBasicCredentials } from './basic-credentials.js';
import { OAuthError } from './oauth-error.js';

/** Compared against when the id is unknown, so an unknown id costs the same as a wrong secret. */
const NO_SECRET = digest('no client has this secret');

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Authenticates the confidential clients of POST /oauth/introspect (RFC 7662 §2.1) by HTTP Basic
 * against INTROSPECTION_CLIENTS. With none configured, every caller is refused.
 */
@Injectable()
export class ClientAuthenticator {
  /** Digests of equal length, compared with timingSafeEqual: the comparison time says nothing of the secret. */
  private readonly secrets: Map<string, Buffer>;

  constructor(
    config: AppConfig,
    private readonly limiter: AttemptLimiter,
    private readonly metrics: Metrics,
  ) {
    this.secrets = new Map(config.introspection.clients.map((client) => [client.id, digest(client.secret)]));
  }

  /**
   * Answers the client id, or refuses with 401 invalid_client. As for refresh tokens, valid credentials
   * are never refused for their IP's sake (a product service behind the same NAT as a prober must keep
   * working); failures count per IP, and once an IP has too many they answer 429 instead of 401.
   */
  async authenticate(authorization: string | undefined, client: ClientInfo): Promise<string> {
    const credentials = parseBasicCredentials(authorization);
    const expected = (credentials && this.secrets.get(credentials.id)) ?? NO_SECRET;
    const matches = timingSafeEqual(digest(credentials?.secret ?? ''), expected);
    if (credentials && matches && expected !== NO_SECRET) return credentials.id;
    await this.countFailure(client);
    this.metrics.introspection('invalid_client');
    throw new OAuthError('invalid_client', 'Client authentication failed.', 401, { 'WWW-Authenticate': 'Basic realm="autorenew"' });
  }

  private async countFailure(client: ClientInfo): Promise<void> {
    const limits: AttemptCheck[] = [[ATTEMPT_LIMITS.introspectionClientFailuresPerIp, throttleKeyForIp(client.ip)]];
    try {
      // Blocked already: 429. Otherwise this failure counts, and is answered with its own 401.
      await this.limiter.assertAllowed(limits);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.TOO_MANY_REQUESTS) this.metrics.introspection('throttled');
      throw error;
    }
    await this.limiter.recordFailure(limits);
  }
}
