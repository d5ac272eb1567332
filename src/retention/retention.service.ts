import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ActivityRepository } from '../activity/activity.repository.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { SessionsService } from '../sessions/sessions.service.js';

export interface PurgeResult {
  sessions: number;
  events: number;
}

/**
 * Keeps the sessions and auth_events tables bounded: ended sessions and old events are deleted after
 * their retention period, every CLEANUP_INTERVAL. Idempotent, so several instances may all run it.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsService,
    private readonly events: ActivityRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.retention.cleanupInterval;
    if (interval === 0) return;
    this.timer = setInterval(() => void this.purgeLogged(), interval * 1000);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<PurgeResult> {
    const eventsCutoff = new Date(this.clock.now().getTime() - this.config.retention.activity * 1000);
    return { sessions: await this.sessions.purgeEnded(), events: await this.events.deleteOlderThan(eventsCutoff) };
  }

  private async purgeLogged(): Promise<void> {
    try {
      const result = await this.purge();
      if (result.sessions || result.events) this.logger.log(`Purged ${result.sessions} ended sessions and ${result.events} old events`);
    } catch (error) {
      this.logger.warn(`Retention purge failed, will retry: ${(error as Error).message}`);
    }
  }
}
