import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { sqlTime } from '../common/database/sql-time.js';
import { AuthEvent } from './entities/auth-event.entity.js';

@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(event: AuthEvent, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(event);
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
    const result = await this.repo().createQueryBuilder().delete().from(AuthEvent).where('created_at < :cutoff', { cutoff: sqlTime(cutoff) }).execute();
    return result.affected ?? 0;
  }

  private repo(manager?: EntityManager): Repository<AuthEvent> {
    return (manager ?? this.dataSource.manager).getRepository(AuthEvent);
  }
}
