import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { currentManager } from '../common/database/transaction-context.js';
import { AuthEvent } from './entities/auth-event.entity.js';

const INSERT_EVENT_SQL =
  'INSERT INTO auth_events (user_id, type, session_id, device_name, ip, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)';

@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Plain SQL: every sign-in records an event, and the query builder cost more than the insert. */
  async insert(event: AuthEvent): Promise<void> {
    await currentManager(this.dataSource).query(INSERT_EVENT_SQL, [
      event.userId,
      event.type,
      event.sessionId,
      event.deviceName,
      event.ip,
      event.userAgent,
      sqlTime(event.createdAt),
    ]);
  }

  /** Newest first, by insertion order. */
  findPageForUser(userId: string, page: { limit: number; offset: number }): Promise<AuthEvent[]> {
    return this.repo()
      .createQueryBuilder('e')
      .where('e.user_id = :userId', { userId })
      .orderBy('e.id', 'DESC')
      .limit(page.limit)
      .offset(page.offset)
      .getMany();
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const result = await this.repo()
      .createQueryBuilder()
      .delete()
      .from(AuthEvent)
      .where('created_at < :cutoff', { cutoff: sqlTime(cutoff) })
      .execute();
    return result.affected ?? 0;
  }

  private repo(): Repository<AuthEvent> {
    return currentManager(this.dataSource).getRepository(AuthEvent);
  }
}
