import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { PasswordHasher } from '../auth/passwords/password-hasher.service.js';
import { assertAcceptablePassword } from '../auth/passwords/password-policy.js';
import { Clock } from '../common/clock/clock.js';
import { lockUserRow } from '../common/database/row-locks.js';
import { Transactions } from '../common/database/transactions.service.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { throttleKeyForIp } from '../common/network/throttle-key-for-ip.js';
import { AppConfig } from '../config/app-config.js';
import { Mailer } from '../mail/mailer.js';
import { RevocationService } from '../revocation/revocation.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { normalizeEmail } from '../users/normalize-email.js';
import { AttemptLimiter } from '../throttling/attempt-limiter.service.js';
import { ATTEMPT_LIMITS } from '../throttling/attempt-limits.js';
import { PasswordResetToken } from './entities/password-reset-token.entity.js';
import { PasswordResetRepository } from './password-reset.repository.js';

const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

@Injectable()
export class PasswordResetService implements OnApplicationShutdown {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly tokens: PasswordResetRepository,
    private readonly revocation: RevocationService,
    private readonly hasher: PasswordHasher,
    private readonly activity: ActivityService,
    private readonly mailer: Mailer,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Answers before looking anything up: the lookup, token and mail happen in the background, so neither
   * the response nor its timing tells whether the account exists.
   */
  async requestReset(email: string, ip: string | null): Promise<void> {
    // Counted for every address, existing or not, so a 429 reveals nothing either.
    await this.limiter.consume([
      [ATTEMPT_LIMITS.forgotPerAccount, normalizeEmail(email)],
      [ATTEMPT_LIMITS.forgotPerIp, throttleKeyForIp(ip)],
    ]);
    const work = this.sendResetLink(email).catch((error: Error) => this.logger.warn(`Password reset mail failed: ${error.message}`));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once every background reset request has finished (graceful shutdown, tests). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.whenIdle();
  }

  async reset(token: string, newPassword: string, client: ClientInfo): Promise<void> {
    const grant = await this.tokens.findUsable(hashToken(token), this.clock.now());
    const user = grant && (await this.usersRepository.findById(grant.userId));
    if (!grant || !user || user.disabledAt) throw new DomainError(ErrorCode.INVALID_RESET_TOKEN);
    // Policy before consuming: a refused password leaves the link usable for a better one.
    assertAcceptablePassword(newPassword, user);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async () => {
      const now = this.clock.now();
      if (!(await this.tokens.consume(grant.id, now))) throw new DomainError(ErrorCode.INVALID_RESET_TOKEN);
      await this.usersRepository.updatePasswordHash(user.id, passwordHash, now);
      // Also retires every other outstanding link of the user.
      await this.revocation.endAllForUser(user.id, 'password_reset');
    });
    await this.activity.record(user.id, AuthEventType.PasswordChanged, client);
  }

  private async sendResetLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.disabledAt) return;
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    // One transaction holding the user's row: concurrent requests take turns, so each retires the link
    // before it and exactly one link stays live.
    await this.transactions.run(async () => {
      await lockUserRow(user.id);
      await this.revocation.retireResetLinks(user.id);
      await this.tokens.insert(
        Object.assign(new PasswordResetToken(), {
          id: randomUUID(),
          userId: user.id,
          tokenHash: hashToken(token),
          createdAt: now,
          expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
          usedAt: null,
        }),
      );
    });
    await this.mailer.send({ to: user.email, subject: 'Reset your password', text: resetMailText(this.resetLink(token)) });
  }

  private resetLink(token: string): string {
    const url = new URL('reset-password', this.config.mail.appUrl.endsWith('/') ? this.config.mail.appUrl : `${this.config.mail.appUrl}/`);
    url.searchParams.set('token', token);
    return url.toString();
  }
}

/** 256 random bits need no slow hash: SHA-256 makes the stored value useless without the emailed token. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function resetMailText(link: string): string {
  return [
    'Someone asked to reset the password of your account.',
    '',
    `To choose a new password, open this link within 30 minutes: ${link}`,
    '',
    'Resetting signs you out on every device. If you did not ask for this, ignore this message: your password stays as it is.',
  ].join('\n');
}
