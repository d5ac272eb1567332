import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Client, type ClientInfo } from '../common/decorators/client-info.decorator.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { RenameSessionDto } from './dto/rename-session.dto.js';
import { SessionView, toSessionView } from './session.view.js';
import { SessionsService } from './sessions.service.js';

@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOkResponse({ type: [SessionView], description: 'The live sessions of the caller.' })
  async list(@CurrentUser() principal: Principal): Promise<SessionView[]> {
    const sessions = await this.sessions.listLive(principal.userId);
    return sessions.map((session) => toSessionView(session, principal.sessionId));
  }

  @Patch(':id')
  @ApiOkResponse({ type: SessionView })
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND)
  async rename(@CurrentUser() principal: Principal, @Param('id') sessionId: string, @Body() body: RenameSessionDto): Promise<SessionView> {
    const session = await this.sessions.rename(principal.userId, sessionId, body.deviceName);
    return toSessionView(session, principal.sessionId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended.' })
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND)
  async revoke(@CurrentUser() principal: Principal, @Param('id') sessionId: string, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.revokeOwned(principal.userId, sessionId, client);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session but the caller’s has ended.' })
  async revokeOthers(@CurrentUser() principal: Principal, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.revokeOthers(principal.userId, principal.sessionId, client);
  }
}
