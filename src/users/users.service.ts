import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { isUniqueViolation } from '../common/database/is-unique-violation.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { User } from './entities/user.entity.js';
import { normalizeEmail } from './normalize-email.js';
import { UsersRepository } from './users.repository.js';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: NewUser): Promise<User> {
    const now = this.clock.now();
    const user = Object.assign(new User(), {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      passwordHash: input.passwordHash,
      displayName: input.displayName?.trim() || null,
      jwtVersion: 0,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.repository.insert(user);
    } catch (error) {
      // The unique index decides, so two simultaneous registrations cannot both succeed.
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.EMAIL_TAKEN);
      throw error;
    }
    return user;
  }

  findByEmail(email: string): Promise<User | undefined> {
    return this.repository.findByEmail(normalizeEmail(email));
  }

  async getById(id: string): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return user;
  }
}
