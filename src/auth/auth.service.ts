import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service.js';
import { AuthEventType } from '../activity/auth-event-type.enum.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../common/database/transactions.service.js';
import { ClientInfo } from '../identity/client-info.decorator.js';
import { throttleKeyForIp } from '../common/network/throttle-key-for-ip.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { LoginOutcome, Metrics, RevocationCause } from '../metrics/metrics.js';
import { RevocationService } from '../revocation/revocation.service.js';
import { RefreshRotationService } from '../sessions/refresh-rotation.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { User } from '../users/entities/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { normalizeEmail } from '../users/normalize-email.js';
import { AttemptCheck, AttemptLimiter, Reservation } from '../throttling/attempt-limiter.service.js';
import { ATTEMPT_LIMITS } from '../throttling/attempt-limits.js';
import { AccessTokenService } from './access-token.service.js';
import { DeviceTokenCodec } from './devices/device-token.codec.js';
import { PrincipalService } from './principal.service.js';
import { PasswordHasher } from './passwords/password-hasher.service.js';
import { assertAcceptablePassword } from './passwords/password-policy.js';
import { Principal } from '../identity/principal.js';
import { IssuedTokens, toTokenResponse } from './token-response.js';

const HOUR = 3600;

export interface Registration {
  email: string;
  password: string;
  displayName?: string | null;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly rotation: RefreshRotationService,
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalService,
    private readonly hasher: PasswordHasher,
    private readonly activity: ActivityService,
    private readonly limiter: AttemptLimiter,
    private readonly revocation: RevocationService,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly devices: DeviceTokenCodec,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Counted per client IP before anything else (every request, whatever its outcome), so 409s cannot be
   * used to enumerate accounts at will and one source cannot fill the hashing queue with sign-ups.
   */
  async register(input: Registration, client: ClientInfo): Promise<User> {
    await this.limiter.consume([
      [
        { name: 'register-ip', limit: this.config.registration.perIpPerHour, windowSeconds: HOUR, blockSeconds: HOUR },
        throttleKeyForIp(client.ip),
      ],
    ]);
    assertAcceptablePassword(input.password, input);
    const passwordHash = await this.hasher.hash(input.password);
    return this.users.create({ email: input.email, displayName: input.displayName, passwordHash });
  }

  /**
   * Throttled as NIST SP 800-63B and OWASP describe (docs/security.md): per address and account, per
   * address, and per account for devices that never signed in to it; a device token from an earlier
   * sign-in exempts the owner's devices from that last limit, so strangers cannot lock the owner out.
   */
  async login(email: string, password: string, client: ClientInfo & { deviceName?: string; deviceToken?: string }): Promise<IssuedTokens> {
    const user = await this.users.findByEmail(email);
    const device = user && this.devices.deviceOf(client.deviceToken, user.id);
    const reservation = await this.limiter
      .reserve(loginLimits(normalizeEmail(email), user, device, client.ip))
      .catch((error: unknown) => this.loginFailed('throttled', error));
    const valid = await this.verifyReserved(reservation, () => this.hasher.verify(user?.passwordHash, password));
    // A disabled account answers exactly like a wrong password: nothing tells an attacker it exists.
    if (!user || !valid || user.disabledAt) {
      await reservation.failed();
      if (user) this.activity.recordInBackground(user.id, AuthEventType.LoginFailed, { deviceName: client.deviceName, ...client });
      this.loginFailed(user && valid ? 'disabled' : 'invalid_credentials', new DomainError(ErrorCode.INVALID_CREDENTIALS));
    }
    await reservation.succeeded();
    if (this.hasher.needsRehash(user.passwordHash)) await this.rehash(user, password);
    // One transaction: a login interrupted by an outage leaves no session without its event, or the reverse.
    const { session, refreshToken } = await this.transactions.run(async () => {
      const created = await this.sessions.create(user.id, client);
      await this.activity.record(user.id, AuthEventType.Login, {
        sessionId: created.session.id,
        deviceName: created.session.deviceName,
        ...client,
      });
      return created;
    });
    await this.assertStillCurrent(user, session.id);
    const issued = this.issued({
      userId: user.id,
      sessionId: session.id,
      jwtVersion: user.jwtVersion,
      refreshToken,
      expiresAt: session.expiresAt,
    });
    this.metrics.login('success');
    return { ...issued, deviceToken: device ? client.deviceToken : this.devices.issue(user.id) };
  }

  /**
   * A refresh token that authenticates is never refused for its IP's sake (one office behind a NAT, or
   * a noisy neighbour behind the same proxy, must not sign everyone out), so the happy path asks the
   * limiter nothing. Only forged or replayed tokens count; once an IP has too many, its failures answer
   * 429 instead of 401. Expired or revoked sessions are ordinary and count for nothing.
   */
  async refresh(refreshToken: string, client: ClientInfo): Promise<IssuedTokens> {
    try {
      return this.issued(await this.rotation.refresh(refreshToken, client));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.INVALID_REFRESH_TOKEN) {
        const limits: AttemptCheck[] = [[ATTEMPT_LIMITS.refreshFailuresPerIp, throttleKeyForIp(client.ip)]];
        // Blocked already: 429. Otherwise this failure counts, and is answered with its own 401.
        await this.limiter.assertAllowed(limits);
        await this.limiter.recordFailure(limits);
      }
      throw error;
    }
  }

  async logout(principal: Principal, client: ClientInfo): Promise<void> {
    await this.endSession({ sessionId: principal.sessionId, userId: principal.userId }, client);
  }

  /**
   * Logout or revocation by token (a refresh token, or an access token for RFC 7009): idempotent and
   * silent about tokens it does not know, so it cannot be used to probe them.
   */
  async logoutByToken(token: string, client: ClientInfo, options: { acceptAccessToken?: boolean } = {}): Promise<void> {
    const session =
      (await this.rotation.sessionOfRefreshToken(token)) ??
      (options.acceptAccessToken ? await this.liveSessionOfAccessToken(token) : undefined);
    if (session) await this.endSession(session, client);
  }

  /** Only an access token that still authenticates (unexpired, current version, live session) names a session to end. */
  private async liveSessionOfAccessToken(token: string): Promise<{ sessionId: string; userId: string } | undefined> {
    try {
      return await this.principals.resolve(this.accessTokens.verify(token));
    } catch {
      return undefined;
    }
  }

  async isTokenOfSession(refreshToken: string, sessionId: string): Promise<boolean> {
    return (await this.rotation.sessionOfRefreshToken(refreshToken))?.sessionId === sessionId;
  }

  private async endSession(session: { sessionId: string; userId: string }, client: ClientInfo): Promise<void> {
    if (await this.sessions.revoke(session.sessionId)) {
      await this.activity.record(session.userId, AuthEventType.Logout, { sessionId: session.sessionId, ...client });
    }
  }

  async logoutAll(userId: string, client: ClientInfo, cause: RevocationCause = 'logout_all'): Promise<void> {
    await this.revocation.endAllForUser(userId, cause);
    await this.activity.record(userId, AuthEventType.LogoutAll, client);
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string, client: ClientInfo): Promise<IssuedTokens> {
    const user = await this.users.getById(principal.userId);
    await this.assertCurrentPassword(principal, user, currentPassword, client);
    assertAcceptablePassword(newPassword, user);
    const passwordHash = await this.hasher.hash(newPassword);
    const { refreshToken, expiresAt, jwtVersion } = await this.transactions.run(async () => {
      const now = this.clock.now();
      // Compare-and-set on the hash just verified: of two changes racing, the second finds it replaced.
      if (!(await this.usersRepository.replacePasswordHash(user.id, user.passwordHash, passwordHash, now))) {
        throw new DomainError(ErrorCode.INVALID_CREDENTIALS, { status: 403 });
      }
      await this.revocation.endAllForUser(user.id, 'password_change', { exceptSessionId: principal.sessionId });
      const reissued = await this.sessions.reissue(principal.sessionId);
      return { ...reissued, jwtVersion: await this.usersRepository.getJwtVersion(user.id) };
    });
    await this.activity.record(user.id, AuthEventType.PasswordChanged, { sessionId: principal.sessionId, ...client });
    return this.issued({ userId: user.id, sessionId: principal.sessionId, jwtVersion, refreshToken, expiresAt });
  }

  /**
   * Upgrades a hash made with weaker parameters, now that we briefly hold the plain password. Only if the
   * hash is still the one we verified: a concurrent password change must not be undone.
   */
  private async rehash(user: User, password: string): Promise<void> {
    await this.usersRepository.replacePasswordHash(user.id, user.passwordHash, await this.hasher.hash(password), this.clock.now());
  }

  /**
   * A password change, reset, logout-all or disabling may have committed between our password check and
   * the session insert; its revocation then missed the new session. Re-read after the insert: if the
   * user's version moved or the account was disabled, this login used stale credentials and must not live.
   */
  private async assertStillCurrent(user: User, sessionId: string): Promise<void> {
    const current = await this.usersRepository.findById(user.id);
    if (current && current.jwtVersion === user.jwtVersion && !current.disabledAt) return;
    await this.sessions.revoke(sessionId, 'stale_login');
    throw new DomainError(ErrorCode.INVALID_CREDENTIALS);
  }

  /**
   * A stolen access token must not buy unlimited guesses at the password behind it: failures count per
   * account and per IP like sign-in failures, are recorded, and the session that keeps failing is ended.
   * 403, not 401: the caller's token is fine, and a client must not treat a typo as "signed out".
   */
  private async assertCurrentPassword(principal: Principal, user: User, currentPassword: string, client: ClientInfo): Promise<void> {
    const reservation = await this.limiter.reserve([
      [ATTEMPT_LIMITS.passwordChangeFailuresPerAccount, user.id],
      [ATTEMPT_LIMITS.passwordChangeFailuresPerIp, throttleKeyForIp(client.ip)],
    ]);
    if (await this.verifyReserved(reservation, () => this.hasher.verify(user.passwordHash, currentPassword))) {
      await reservation.succeeded();
      return;
    }
    const blocked = await reservation.failed();
    await this.activity.record(user.id, AuthEventType.PasswordChangeFailed, { sessionId: principal.sessionId, ...client });
    if (blocked) await this.sessions.revoke(principal.sessionId, 'guessing');
    throw new DomainError(ErrorCode.INVALID_CREDENTIALS, { status: 403 });
  }

  private loginFailed(outcome: LoginOutcome, error: unknown): never {
    this.metrics.login(outcome);
    throw error;
  }

  /** Runs a password check whose attempt is reserved; a check that throws (503) gives the attempt back. */
  private async verifyReserved(reservation: Reservation, check: () => Promise<boolean>): Promise<boolean> {
    try {
      return await check();
    } catch (error) {
      await reservation.succeeded();
      throw error;
    }
  }

  private issued(session: { userId: string; sessionId: string; jwtVersion: number; refreshToken: string; expiresAt: Date }): IssuedTokens {
    const access = this.accessTokens.sign(session);
    return { response: toTokenResponse(access, session.refreshToken, session.sessionId), sessionExpiresAt: session.expiresAt };
  }
}

/**
 * Account keys carry the user's jwt_version, so a password reset starts them afresh. An unknown email is
 * keyed exactly like a known one, so a 429 says nothing about whether an account exists.
 */
function loginLimits(email: string, user: User | undefined, device: string | undefined, ip: string | null): AttemptCheck[] {
  const account = `${email}#${user?.jwtVersion ?? 0}`;
  const address = throttleKeyForIp(ip);
  return [
    [ATTEMPT_LIMITS.loginFailuresPerAccountAndIp, `${account}#${address}`],
    [ATTEMPT_LIMITS.loginFailuresPerIp, address],
    device ? [ATTEMPT_LIMITS.loginFailuresPerDevice, `${account}#${device}`] : [ATTEMPT_LIMITS.loginFailuresPerAccount, account],
  ];
}
