import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { RetentionService } from './retention.service.js';

@Module({ imports: [SessionsModule, ActivityModule], providers: [RetentionService], exports: [RetentionService] })
export class RetentionModule {}
