import { Logger } from '@nestjs/common';
import { AutorenewAuthError } from './autorenew-auth.error.js';
import { AutorenewErrorCode } from './autorenew-error-code.js';

/** An introspection call that takes longer fails closed (503): a hung service must not hang the product. */
const INTROSPECTION_TIMEOUT_MS = 2000;

/**
 * The service's RFC 7662 answer. Inactive answers carry nothing else. `sessionExp`: the session's end,
 * seconds since the epoch (`session_exp`; absent from a service older than this package).
 */
export type IntrospectionAnswer = { active: false } | { active: true; sub: string; sid: string; role: string; sessionExp?: number };

/**
 * RFC 7662 token introspection at `<serviceUrl>/oauth/introspect`, authenticated with HTTP Basic as a
 * client listed in the service's INTROSPECTION_CLIENTS. Anything but a well-formed 200 answer (network
 * failure, timeout, 5xx, a refused client) is AUTH_SERVICE_UNAVAILABLE: the caller never lets the
 * request through on it.
 */
export class IntrospectionClient {
  private readonly logger = new Logger('AutorenewGuard');
  private readonly url: string;
  private readonly authorization: string;

  constructor(
    options: { serviceUrl: string; clientId: string; clientSecret: string },
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = INTROSPECTION_TIMEOUT_MS,
  ) {
    this.url = `${options.serviceUrl}/oauth/introspect`;
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }

  async introspect(token: string): Promise<IntrospectionAnswer> {
    try {
      const response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect would resend the token (and, to the same origin, our credentials) where the service never said.
        redirect: 'error',
      });
      if (response.status === 401)
        this.logger.error('The service refused our introspection client: check clientId/clientSecret against its INTROSPECTION_CLIENTS');
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      return toAnswer(await response.json());
    } catch (error) {
      if (!(error instanceof AutorenewAuthError))
        this.logger.warn(`Token introspection failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new AutorenewAuthError(AutorenewErrorCode.AUTH_SERVICE_UNAVAILABLE);
    }
  }
}

function toAnswer(body: unknown): IntrospectionAnswer {
  const answer = body as Record<string, unknown> | null;
  if (answer?.active === false) return { active: false };
  const { sub, sid, role, session_exp: sessionExp } = answer ?? {};
  if (answer?.active !== true || typeof sub !== 'string' || typeof sid !== 'string' || typeof role !== 'string')
    throw new Error('malformed introspection answer');
  if (sessionExp === undefined) return { active: true, sub, sid, role };
  if (typeof sessionExp !== 'number' || !Number.isSafeInteger(sessionExp) || sessionExp < 0)
    throw new Error('malformed introspection answer');
  return { active: true, sub, sid, role, sessionExp };
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
