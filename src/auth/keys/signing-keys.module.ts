import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SigningKeys } from './signing-keys.js';

/** One SigningKeys for the whole app: AuthModule's JwtModule options, the JWKS and OAuth all read it. */
@Module({
  providers: [{ provide: SigningKeys, inject: [AppConfig], useFactory: (config: AppConfig) => new SigningKeys(config.jwt) }],
  exports: [SigningKeys],
})
export class SigningKeysModule {}
