import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { DeviceInfo } from '../sessions/device-info.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { User } from '../users/entities/user.entity.js';
import { NewUser } from '../users/users.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { AccessTokenService } from './access-token.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { Principal } from './principal.js';
import { TokenResponse, toTokenResponse } from './token-response.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokenService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async register(input: Omit<NewUser, 'passwordHash'> & { password: string }): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.users.create({ email: input.email, displayName: input.displayName, passwordHash });
  }

  async login(email: string, password: string, device: DeviceInfo): Promise<TokenResponse> {
    const user = await this.users.findByEmail(email);
    // Verified even when the user is unknown (against a dummy hash), so both failures look alike.
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid) throw new DomainError(ErrorCode.INVALID_CREDENTIALS);
    const { session, refreshToken } = await this.sessions.create(user.id, device);
    return this.tokenResponse(user.id, session.id, user.jwtVersion, refreshToken);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const renewed = await this.sessions.refresh(refreshToken);
    return this.tokenResponse(renewed.userId, renewed.sessionId, renewed.jwtVersion, renewed.refreshToken);
  }

  logout(principal: Principal): Promise<void> {
    return this.sessions.revoke(principal.sessionId);
  }

  /** Bumping the version kills every access token at once; revoking sessions kills every refresh token. */
  async logoutAll(principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.usersRepository.incrementJwtVersion(principal.userId, this.clock.now(), manager);
      await this.sessions.revokeAll(principal.userId, manager);
    });
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<TokenResponse> {
    const user = await this.users.getById(principal.userId);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      // 403, not 401: the caller's token is fine, and a client must not treat this as "signed out".
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, { status: 403 });
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const { refreshToken, jwtVersion } = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await this.usersRepository.updatePasswordHash(user.id, passwordHash, now, manager);
      await this.usersRepository.incrementJwtVersion(user.id, now, manager);
      await this.sessions.revokeAllExcept(user.id, principal.sessionId, manager);
      const token = await this.sessions.reissue(principal.sessionId, manager);
      return { refreshToken: token, jwtVersion: await this.usersRepository.getJwtVersion(user.id, manager) };
    });
    return this.tokenResponse(user.id, principal.sessionId, jwtVersion, refreshToken);
  }

  private tokenResponse(userId: string, sessionId: string, jwtVersion: number, refreshToken: string): TokenResponse {
    const access = this.accessTokens.sign({ userId, sessionId, jwtVersion });
    return toTokenResponse(access, refreshToken, sessionId);
  }
}
