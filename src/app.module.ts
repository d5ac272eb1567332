import { Module } from '@nestjs/common';
import { ActivityModule } from './activity/activity.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsSources } from './metrics-sources.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OAuthModule } from './oauth/oauth.module.js';
import { PasswordResetModule } from './password-reset/password-reset.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { RevocationModule } from './revocation/revocation.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { ThrottlingModule } from './throttling/throttling.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    CommonModule,
    RedisModule,
    ThrottlingModule,
    DatabaseModule,
    RevocationModule,
    UsersModule,
    SessionsModule,
    AuthModule,
    ActivityModule,
    AdminModule,
    PasswordResetModule,
    OAuthModule,
    RetentionModule,
    HealthModule,
  ],
  providers: [MetricsSources],
})
export class AppModule {}
