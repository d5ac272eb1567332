import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../identity/principal.js';
import { Clock } from '../common/clock/clock.js';
import { Transactions } from '../common/database/transactions.service.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { Session } from '../sessions/entities/session.entity.js';
import { RevocationService } from '../revocation/revocation.service.js';
import { DevicesService } from '../sessions/devices.service.js';
import { User } from '../users/entities/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly devices: DevicesService,
    private readonly auth: AuthService,
    private readonly activity: ActivityService,
    private readonly revocation: RevocationService,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Disabling bumps jwt_version and revokes every session in one transaction, so the user's access and
   * refresh tokens fail on their next use; re-enabling only lifts the flag (the user signs in again).
   */
  async setDisabled(actor: Principal, userId: string, disabled: boolean, client: ClientInfo): Promise<User> {
    const user = await this.users.getExisting(userId);
    if (!disabled) {
      await this.usersRepository.setDisabledAt(user.id, null, this.clock.now());
      await this.revocation.userChanged(user.id);
      return Object.assign(user, { disabledAt: null });
    }
    if (user.id === actor.userId) throw new DomainError(ErrorCode.CANNOT_DISABLE_SELF);
    if (user.disabledAt) return user;
    const now = this.clock.now();
    await this.transactions.run(async () => {
      await this.assertActorStillAdmin(actor);
      await this.usersRepository.setDisabledAt(user.id, now, now);
      await this.revocation.endAllForUser(user.id, 'admin');
    });
    await this.activity.record(user.id, AuthEventType.UserDisabled, client);
    return Object.assign(user, { disabledAt: now });
  }

  /**
   * Decided inside the disabling transaction, on the locked rows of the enabled administrators: an actor
   * disabled meanwhile acts no more. Two administrators disabling each other at once take turns, and the
   * second finds itself disabled, so an enabled administrator always remains (the actor never disables
   * itself). `npm run cli -- user:enable` is the way back otherwise.
   */
  private async assertActorStillAdmin(actor: Principal): Promise<void> {
    const enabledAdmins = await this.usersRepository.lockEnabledAdmins();
    if (!enabledAdmins.includes(actor.userId)) throw new DomainError(ErrorCode.FORBIDDEN);
  }

  async logoutAll(userId: string, client: ClientInfo): Promise<void> {
    const user = await this.users.getExisting(userId);
    await this.auth.logoutAll(user.id, client, 'admin');
  }

  async listSessions(userId: string): Promise<Session[]> {
    const user = await this.users.getExisting(userId);
    return this.devices.listLive(user.id);
  }

  async revokeSession(userId: string, sessionId: string, client: ClientInfo): Promise<void> {
    const user = await this.users.getExisting(userId);
    await this.devices.revokeOwned(user.id, sessionId, client, 'admin');
  }
}
