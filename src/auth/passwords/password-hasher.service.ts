import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
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
  private readonly limiter: HashLimiter;

  constructor(config: AppConfig) {
    this.limiter = new HashLimiter(config.passwords.hashConcurrency, config.passwords.hashQueue);
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() => hash(password, ARGON2_OPTIONS));
  }

  /**
   * Always runs one full verification, against a dummy hash of the same cost when there is no user, so
   * an unknown email costs the same time as a wrong password and timing does not reveal accounts.
   */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    const matches = await this.verifyHash(passwordHash ?? this.dummyHash, password);
    return matches && passwordHash !== undefined;
  }

  /** The one place argon2 verification runs; public so tests can observe that both paths reach it. */
  verifyHash(passwordHash: string, password: string): Promise<boolean> {
    return this.limiter.run(() => verify(passwordHash, password).catch(() => false));
  }

  /** True for hashes made with another algorithm or weaker parameters than today's: re-hash on login. */
  needsRehash(passwordHash: string): boolean {
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
