import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { ClientAuthenticator } from './client-authenticator.service.js';
import { IntrospectionService } from './introspection.service.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthService } from './oauth.service.js';

@Module({
  imports: [AuthModule, SessionsModule],
  controllers: [OAuthController],
  providers: [OAuthService, OAuthExceptionFilter, ClientAuthenticator, IntrospectionService],
})
export class OAuthModule {}
