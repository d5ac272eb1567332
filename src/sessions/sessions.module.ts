import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { AppConfig } from '../config/app-config.js';
import { DevicesService } from './devices.service.js';
import { RefreshRotationService } from './refresh-rotation.service.js';
import { RefreshTokenCodec } from './refresh-token.codec.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [ActivityModule],
  controllers: [SessionsController],
  providers: [
    SessionsRepository,
    SessionsService,
    RefreshRotationService,
    DevicesService,
    {
      provide: RefreshTokenCodec,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new RefreshTokenCodec([config.jwt.secret, ...config.jwt.previousSecrets]),
    },
  ],
  exports: [SessionsService, RefreshRotationService, DevicesService, SessionsRepository],
})
export class SessionsModule {}
