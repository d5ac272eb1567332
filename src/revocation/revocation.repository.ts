import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { currentManager } from '../common/database/transaction-context.js';
import { Session } from '../sessions/entities/session.entity.js';
import { User } from '../users/entities/user.entity.js';

/** The writes that end credentials; only RevocationService calls them. */
@Injectable()
export class RevocationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `jwt_version + 1` in SQL, so two concurrent bumps never collapse into one. */
  async incrementJwtVersion(userId: string, now: Date): Promise<void> {
    await this.manager()
      .createQueryBuilder()
      .update(User)
      .set({ jwtVersion: () => 'jwt_version + 1', updatedAt: now })
      .where('id = :userId', { userId })
      .execute();
  }

  /** Outstanding password-reset links are credentials too: whatever ends every session retires them. */
  async retireResetLinks(userId: string, now: Date): Promise<void> {
    await this.manager().query('UPDATE password_reset_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL', [
      sqlTime(now),
      userId,
    ]);
  }

  /** One UPDATE, so a session inserted concurrently is either revoked by it or inserted after it. */
  async revokeAllForUser(userId: string, now: Date, options: { except?: string } = {}): Promise<void> {
    const query = this.manager()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (options.except) query.andWhere('id <> :except', { except: options.except });
    await query.execute();
  }

  /** Revokes the given sessions of a user that are still unrevoked; answers how many it ended. */
  async revokeMany(userId: string, sessionIds: string[], now: Date): Promise<number> {
    if (sessionIds.length === 0) return 0;
    const result = await this.manager()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where({ userId, id: In(sessionIds) })
      .andWhere('revoked_at IS NULL')
      .execute();
    return result.affected ?? 0;
  }

  /** True when this call ended the session (it was not revoked before). */
  async revokeOne(sessionId: string, now: Date): Promise<boolean> {
    const result = await this.manager()
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: now })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return result.affected === 1;
  }

  private manager() {
    return currentManager(this.dataSource);
  }
}
