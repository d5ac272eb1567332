import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { User } from './entities/user.entity.js';
import { Role } from './role.enum.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(user: User): Promise<void> {
    await this.repo().insert(user);
  }

  async findById(id: string): Promise<User | undefined> {
    return (await this.repo().findOneBy({ id })) ?? undefined;
  }

  /** Expects a normalised (lower-case) address: the column holds only those. */
  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.repo().findOneBy({ email })) ?? undefined;
  }

  async updatePasswordHash(userId: string, passwordHash: string, now: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id: userId }, { passwordHash, updatedAt: now });
  }

  /** Compare-and-set on the old hash; false when the password changed meanwhile. */
  async replacePasswordHash(userId: string, expectedHash: string, passwordHash: string, now: Date): Promise<boolean> {
    const result = await this.repo().update({ id: userId, passwordHash: expectedHash }, { passwordHash, updatedAt: now });
    return result.affected === 1;
  }

  async setDisabledAt(userId: string, disabledAt: Date | null, now: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id: userId }, { disabledAt, updatedAt: now });
  }

  async setRole(userId: string, role: Role, now: Date): Promise<void> {
    await this.repo().update({ id: userId }, { role, updatedAt: now });
  }

  async getJwtVersion(userId: string, manager?: EntityManager): Promise<number> {
    const user = await this.repo(manager).findOne({ where: { id: userId }, select: { id: true, jwtVersion: true } });
    return user?.jwtVersion ?? 0;
  }

  private repo(manager?: EntityManager): Repository<User> {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }
}
