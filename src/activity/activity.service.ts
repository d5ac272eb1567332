import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { ActivityRepository } from './activity.repository.js';
import { AuthEventType } from './auth-event-type.enum.js';
import { AuthEvent } from './entities/auth-event.entity.js';

export interface EventDetails {
  sessionId?: string | null;
  deviceName?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Records security events for the user to review. Details are descriptive only: never secrets. */
@Injectable()
export class ActivityService {
  private readonly logger = new Logger(ActivityService.name);

  constructor(
    private readonly repository: ActivityRepository,
    private readonly clock: Clock,
  ) {}

  async record(userId: string, type: AuthEventType, details: EventDetails = {}): Promise<void> {
    const event = Object.assign(new AuthEvent(), {
      userId,
      type,
      sessionId: details.sessionId ?? null,
      deviceName: details.deviceName?.slice(0, 100) ?? null,
      ip: details.ip?.slice(0, 45) ?? null,
      userAgent: details.userAgent?.slice(0, 512) ?? null,
      createdAt: this.clock.now(),
    });
    await this.repository.insert(event);
  }

  /**
   * Records without making the caller wait: used where awaiting the insert would make one outcome
   * measurably slower than another (a wrong password against an unknown email).
   */
  recordInBackground(userId: string, type: AuthEventType, details: EventDetails = {}): void {
    this.record(userId, type, details).catch((error: Error) => this.logger.warn(`Could not record ${type}: ${error.message}`));
  }

  listForUser(userId: string, page: { limit: number; offset: number }): Promise<AuthEvent[]> {
    return this.repository.findPageForUser(userId, page);
  }
}
