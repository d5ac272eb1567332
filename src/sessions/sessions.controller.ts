import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { Principal } from '../auth/principal.js';
import { SessionView, toSessionView } from './session.view.js';
import { SessionsService } from './sessions.service.js';

@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  async list(@CurrentUser() principal: Principal): Promise<SessionView[]> {
    const sessions = await this.sessions.listLive(principal.userId);
    return sessions.map((session) => toSessionView(session, principal.sessionId));
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentUser() principal: Principal, @Param('id') sessionId: string): Promise<void> {
    await this.sessions.revokeOwn(principal.userId, sessionId);
  }

  @Delete()
  @HttpCode(204)
  async revokeOthers(@CurrentUser() principal: Principal): Promise<void> {
    await this.sessions.revokeAllExcept(principal.userId, principal.sessionId);
  }
}
