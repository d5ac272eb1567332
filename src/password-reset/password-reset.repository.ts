import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { currentManager } from '../common/database/transaction-context.js';
import { PasswordResetToken } from './entities/password-reset-token.entity.js';

@Injectable()
export class PasswordResetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(token: PasswordResetToken): Promise<void> {
    await this.repo().insert(token);
  }

  async findUsable(tokenHash: string, now: Date): Promise<PasswordResetToken | undefined> {
    const token = await this.repo()
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.used_at IS NULL AND t.expires_at > :now', { tokenHash, now: sqlTime(now) })
      .getOne();
    return token ?? undefined;
  }

  /** Compare-and-set: of two concurrent resets with one token, exactly one consumes it. */
  async consume(id: string, now: Date): Promise<boolean> {
    const result = await this.repo()
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  private repo(): Repository<PasswordResetToken> {
    return currentManager(this.dataSource).getRepository(PasswordResetToken);
  }
}
