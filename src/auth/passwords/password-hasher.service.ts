import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { HashPool, HashPoolStats, Metrics } from '../../metrics/metrics.js';
import { HashLimiter } from './hash-limiter.js';

/**
 * argon2id at OWASP's minimum (m=19456 KiB, t=2, p=1). `Algorithm` is a const enum that isolated
 * module compilation cannot read, hence the literal.
 */
const ARGON2ID = 2;
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: string;
  /** Sign-in verifications. */
  private readonly limiter: HashLimiter;
  /**
   * New passwords (sign-up, change, reset) queue on their own, half the size: a flood of sign-ups from
   * many addresses fills this one and answers 503 there, while sign-ins keep theirs.
   */
  private readonly newPasswordLimiter: HashLimiter;

  constructor(
    config: AppConfig,
    private readonly metrics: Metrics = Metrics.disabled(),
  ) {
    this.limiter = new HashLimiter(config.passwords.hashConcurrency, config.passwords.hashQueue);
    this.newPasswordLimiter = new HashLimiter(
      Math.max(1, Math.floor(config.passwords.hashConcurrency / 2)),
      Math.max(1, Math.floor(config.passwords.hashQueue / 2)),
    );
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  }

  /**
   * Hashes of a non-NFC password made before passwords were normalised, seen matching since the last
   * needsRehash: the login re-hashes them as NFC. Bounded; a forgotten entry only delays that upgrade.
   */
  private readonly unnormalisedHashes = new LRUCache<string, true>({ max: 1000 });

  /** NFC (NIST SP 800-63B §5.1.1.2), so the same password typed on another keyboard or OS matches. */
  hash(password: string): Promise<string> {
    const normalised = password.normalize('NFC');
    return this.newPasswordLimiter.run(() => this.metrics.timeHash('hash', () => hash(normalised, ARGON2_OPTIONS)));
  }

  poolStats(): Record<HashPool, HashPoolStats> {
    return { sign_in: this.limiter.stats(), new_password: this.newPasswordLimiter.stats() };
  }

  /**
   * Always runs one full verification, against a dummy hash of the same cost when there is no user, so
   * an unknown email costs the same time as a wrong password and timing does not reveal accounts.
   */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    const matches = await this.verifyNormalised(passwordHash ?? this.dummyHash, password);
    return matches && passwordHash !== undefined;
  }

  /**
   * The NFC form first. A hash made before normalisation from a non-NFC password only matches that raw
   * form, so it is tried second when it differs (same work with or without a user: the dummy path takes
   * it too), and the hash is marked for re-hashing. Nothing new is accepted: the raw string is exactly
   * what such a hash always accepted, and a hash made since normalisation holds an NFC string, which a
   * raw string that is not NFC cannot be.
   */
  private async verifyNormalised(passwordHash: string, password: string): Promise<boolean> {
    const normalised = password.normalize('NFC');
    if (await this.verifyHash(passwordHash, normalised)) return true;
    if (normalised === password || !(await this.verifyHash(passwordHash, password))) return false;
    this.unnormalisedHashes.set(passwordHash, true);
    return true;
  }

  /** The one place argon2 verification runs; public so tests can observe that both paths reach it. */
  verifyHash(passwordHash: string, password: string): Promise<boolean> {
    return this.limiter.run(() => this.metrics.timeHash('verify', () => verify(passwordHash, password).catch(() => false)));
  }

  /**
   * True for hashes made with another algorithm or weaker parameters than today's, or from a password
   * that was not NFC (seen by verify): re-hash on login.
   */
  needsRehash(passwordHash: string): boolean {
    if (this.unnormalisedHashes.delete(passwordHash)) return true;
    try {
      const options = parseOptions(passwordHash);
      return (
        (options.algorithm as number) !== ARGON2ID ||
        options.memoryCost < ARGON2_OPTIONS.memoryCost ||
        options.timeCost < ARGON2_OPTIONS.timeCost ||
        options.parallelism < ARGON2_OPTIONS.parallelism
      );
    } catch {
      return true;
    }
  }
}
