import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { toDate } from '../common/database/sql-time.js';
import { forUpdate } from '../common/database/row-locks.js';
import { currentManager, transactionManager } from '../common/database/transaction-context.js';
import { User } from './entities/user.entity.js';
import { Role } from '../identity/role.enum.js';

interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string | null;
  jwtVersion: number | string;
  role: Role;
  disabledAt: unknown;
  createdAt: unknown;
  updatedAt: unknown;
}

const SELECT_USER_SQL =
  'SELECT id, email, password_hash AS passwordHash, display_name AS displayName, jwt_version AS jwtVersion, role, ' +
  'disabled_at AS disabledAt, created_at AS createdAt, updated_at AS updatedAt FROM users';

function toUser(row: UserRow): User {
  return Object.assign(new User(), {
    ...row,
    jwtVersion: Number(row.jwtVersion),
    disabledAt: row.disabledAt === null || row.disabledAt === undefined ? null : toDate(row.disabledAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  });
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(user: User): Promise<void> {
    await this.repo().insert(user);
  }

  async findById(id: string): Promise<User | undefined> {
    return this.findOne('id', id);
  }

  /** Expects a normalised (lower-case) address: the column holds only those. */
  async findByEmail(email: string): Promise<User | undefined> {
    return this.findOne('email', email);
  }

  /** Plain SQL: every sign-in reads the user twice, and the query builder cost more than the query. */
  private async findOne(column: 'id' | 'email', value: string): Promise<User | undefined> {
    const rows: UserRow[] = await currentManager(this.dataSource).query(`${SELECT_USER_SQL} WHERE ${column} = ?`, [value]);
    return rows[0] && toUser(rows[0]);
  }

  async updatePasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    await this.repo().update({ id: userId }, { passwordHash, updatedAt: now });
  }

  /** Compare-and-set on the old hash; false when the password changed meanwhile. */
  async replacePasswordHash(userId: string, expectedHash: string, passwordHash: string, now: Date): Promise<boolean> {
    const result = await this.repo().update({ id: userId, passwordHash: expectedHash }, { passwordHash, updatedAt: now });
    return result.affected === 1;
  }

  async setDisabledAt(userId: string, disabledAt: Date | null, now: Date): Promise<void> {
    await this.repo().update({ id: userId }, { disabledAt, updatedAt: now });
  }

  /**
   * The enabled administrators, locked until the transaction ends (MySQL; SQLite's transactions already
   * run one at a time), so two administrators disabling each other take turns.
   */
  async lockEnabledAdmins(): Promise<string[]> {
    const manager = transactionManager();
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM users WHERE role = ? AND disabled_at IS NULL${forUpdate(manager)}`,
      [Role.Admin],
    );
    return rows.map((row) => row.id);
  }

  async setRole(userId: string, role: Role, now: Date): Promise<void> {
    await this.repo().update({ id: userId }, { role, updatedAt: now });
  }

  async getJwtVersion(userId: string): Promise<number> {
    const user = await this.repo().findOne({ where: { id: userId }, select: { id: true, jwtVersion: true } });
    return user?.jwtVersion ?? 0;
  }

  private repo(): Repository<User> {
    return currentManager(this.dataSource).getRepository(User);
  }
}
