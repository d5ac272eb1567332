/** A limit on failures (or, for forgot-password, requests) per key within a sliding window. */
export interface AttemptRule {
  name: string;
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
}

const MINUTE = 60;

/**
 * Failures, not traffic: a user behind a busy office IP who signs in and refreshes normally is never
 * throttled. Blocks are time-bound; see docs/security.md for why a per-account block cannot lock a user
 * out for good.
 */
export const ATTEMPT_LIMITS = {
  /** One address guessing at one account: slowed hard. The owner elsewhere is not affected. */
  loginFailuresPerAccountAndIp: { name: 'login-account-ip', limit: 5, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  /**
   * Guesses at one account from everywhere (a botnet), for devices that never signed in to it: NIST SP
   * 800-63B §5.2.2 allows at most 100 consecutive failures. The owner's known devices skip this limit.
   */
  loginFailuresPerAccount: { name: 'login-account', limit: 50, windowSeconds: 24 * 60 * MINUTE, blockSeconds: 24 * 60 * MINUTE },
  /** A known device (a valid device token) guessing: limited on its own, like one address. */
  loginFailuresPerDevice: { name: 'login-device', limit: 5, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  loginFailuresPerIp: { name: 'login-ip', limit: 50, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  passwordChangeFailuresPerAccount: { name: 'password-change-account', limit: 5, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  passwordChangeFailuresPerIp: { name: 'password-change-ip', limit: 50, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  refreshFailuresPerIp: { name: 'refresh-ip', limit: 30, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  /**
   * Wrong or missing client credentials at POST /oauth/introspect. Secrets are long enough that this is
   * not what keeps them safe (docs/security.md); it turns a misconfigured or probing caller into 429s.
   */
  introspectionClientFailuresPerIp: { name: 'introspection-client-ip', limit: 20, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
  forgotPerAccount: { name: 'forgot-account', limit: 3, windowSeconds: 60 * MINUTE, blockSeconds: 60 * MINUTE },
  forgotPerIp: { name: 'forgot-ip', limit: 20, windowSeconds: 60 * MINUTE, blockSeconds: 60 * MINUTE },
} satisfies Record<string, AttemptRule>;
