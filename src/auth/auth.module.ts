import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ActivityModule } from '../activity/activity.module.js';
import { AppConfig } from '../config/app-config.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { DeviceTokenCodec } from './devices/device-token.codec.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { RolesGuard } from './guards/roles.guard.js';
import { accessTokenJwtOptions } from './keys/access-token-jwt-options.js';
import { KeysController } from './keys/keys.controller.js';
import { SigningKeys } from './keys/signing-keys.js';
import { SigningKeysModule } from './keys/signing-keys.module.js';
import { PasswordHasher } from './passwords/password-hasher.service.js';
import { PrincipalService } from './principal.service.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';

@Module({
  imports: [
    PassportModule,
    SigningKeysModule,
    JwtModule.registerAsync({
      imports: [SigningKeysModule],
      inject: [SigningKeys, AppConfig],
      useFactory: (keys: SigningKeys, config: AppConfig) => accessTokenJwtOptions(keys, config.jwt),
    }),
    UsersModule,
    SessionsModule,
    ActivityModule,
  ],
  controllers: [AuthController, KeysController],
  providers: [
    AuthService,
    AccessTokenService,
    PasswordHasher,
    {
      provide: DeviceTokenCodec,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new DeviceTokenCodec([config.jwt.secret, ...config.jwt.previousSecrets]),
    },
    PrincipalService,
    JwtStrategy,
    // Order matters: authentication first, then the role check reads the principal it set.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, AccessTokenService, PrincipalService, PasswordHasher, SigningKeysModule],
})
export class AuthModule {}
