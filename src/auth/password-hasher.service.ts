import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id at OWASP's minimum (m=19456 KiB, t=2, p=1). `Algorithm` is a const enum that isolated
 * module compilation cannot read, hence the literal.
 */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: string;

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(16).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /**
   * Always runs one full verification, against a dummy hash when there is no user, so an unknown
   * email costs the same time as a wrong password and timing does not reveal which accounts exist.
   */
  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      const matches = await verify(passwordHash ?? this.dummyHash, password);
      return matches && passwordHash !== undefined;
    } catch {
      return false;
    }
  }
}
