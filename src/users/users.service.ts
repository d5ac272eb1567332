import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { isUniqueViolation } from '../common/database/is-unique-violation.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { User } from './entities/user.entity.js';
import { normalizeEmail } from './normalize-email.js';
import { Role } from '../identity/role.enum.js';
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
      role: Role.User,
      disabledAt: null,
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

  /** For an authenticated caller: the guard has just seen this user, so absence means it was deleted. */
  async getById(id: string): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED);
    return user;
  }

  /** For an administrator naming a user: absence is a 404. */
  async getExisting(id: string): Promise<User> {
    const user = await this.repository.findById(id);
    if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND);
    return user;
  }

  /** Lifts an administrator's disabling; answers the user's id, or undefined when no account has this email. */
  async enable(email: string): Promise<string | undefined> {
    const user = await this.repository.findByEmail(normalizeEmail(email));
    if (!user) return undefined;
    await this.repository.setDisabledAt(user.id, null, this.clock.now());
    return user.id;
  }

  /** Answers the user's id, or undefined when no account has this email. */
  async grantRole(email: string, role: Role): Promise<string | undefined> {
    const user = await this.repository.findByEmail(normalizeEmail(email));
    if (!user) return undefined;
    await this.repository.setRole(user.id, role, this.clock.now());
    return user.id;
  }
}
