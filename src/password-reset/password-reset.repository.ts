import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { PasswordResetToken } from './entities/password-reset-token.entity.js';

@Injectable()
export class PasswordResetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(token: PasswordResetToken, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(token);
  }

  async findUsable(tokenHash: string, now: Date): Promise<PasswordResetToken | undefined> {
    const token = await this.repo()
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.used_at IS NULL AND t.expires_at > :now', { tokenHash, now: sqlTime(now) })
      .getOne();
    return token ?? undefined;
  }

  /** Compare-and-set: of two concurrent resets with one token, exactly one consumes it. */
  async consume(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  private repo(manager?: EntityManager): Repository<PasswordResetToken> {
    return (manager ?? this.dataSource.manager).getRepository(PasswordResetToken);
  }
}
