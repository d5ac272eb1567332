import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { AppConfig } from '../config/app-config.js';
import type { ClientInfo } from '../identity/client-info.decorator.js';
import { RevocationCause } from '../metrics/metrics.js';
import { SessionRevoker } from './session-revoker.js';
import { Session } from './entities/session.entity.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * A user's signed-in devices (live sessions): listing, renaming, signing one or all others out, and the
 * per-user cap that ends the least recently used ones (docs/sessions.md, "Devices, caps and retention").
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly activity: ActivityService,
    private readonly revocation: SessionRevoker,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  listLive(userId: string): Promise<Session[]> {
    return this.repository.findLiveByUser(userId, this.clock.now());
  }

  async rename(userId: string, sessionId: string, deviceName: string): Promise<Session> {
    const session = await this.findLiveOwned(userId, sessionId);
    await this.repository.rename(session.id, deviceName);
    return Object.assign(session, { deviceName });
  }

  /** Ends one live session of the user, recording who ended it from where. */
  async revokeOwned(userId: string, sessionId: string, client: ClientInfo, cause: RevocationCause = 'device'): Promise<void> {
    const session = await this.findLiveOwned(userId, sessionId);
    await this.revokeAndRecord(userId, [session], client, cause);
  }

  async revokeOthers(userId: string, currentSessionId: string, client: ClientInfo): Promise<void> {
    const others = (await this.listLive(userId)).filter((session) => session.id !== currentSessionId);
    await this.revokeAndRecord(userId, others, client, 'device');
  }

  /** The session just opened always survives; the cap counts it among the `maxPerUser`. */
  async enforceCap(userId: string, newest: string, now: Date): Promise<void> {
    const excess = await this.repository.findLiveBeyond(userId, newest, this.config.sessions.maxPerUser - 1, now);
    await this.revokeAndRecord(userId, excess, { ip: null, userAgent: null }, 'cap');
  }

  private async findLiveOwned(userId: string, sessionId: string): Promise<Session> {
    const session = await this.repository.findLiveOwned(userId, sessionId, this.clock.now());
    if (!session) throw new DomainError(ErrorCode.SESSION_NOT_FOUND);
    return session;
  }

  private async revokeAndRecord(userId: string, sessions: Session[], client: ClientInfo, cause: RevocationCause): Promise<void> {
    if (sessions.length === 0) return;
    await this.revocation.revokeSessions(
      userId,
      sessions.map((session) => session.id),
      cause,
    );
    for (const session of sessions) {
      await this.activity.record(userId, AuthEventType.SessionRevoked, {
        sessionId: session.id,
        deviceName: session.deviceName,
        ...client,
      });
    }
  }
}
