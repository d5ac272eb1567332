import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import type { Principal } from '../identity/principal.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { RenameSessionDto } from './dto/rename-session.dto.js';
import { SessionView, toSessionView } from './session.view.js';
import { DevicesService } from './devices.service.js';

@Controller('sessions')
export class SessionsController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @ApiOkResponse({ type: [SessionView], description: 'The live sessions of the caller.' })
  async list(@CurrentUser() principal: Principal): Promise<SessionView[]> {
    const sessions = await this.devices.listLive(principal.userId);
    return sessions.map((session) => toSessionView(session, principal.sessionId));
  }

  @Patch(':id')
  @ApiOkResponse({ type: SessionView })
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND)
  async rename(@CurrentUser() principal: Principal, @Param('id') sessionId: string, @Body() body: RenameSessionDto): Promise<SessionView> {
    const session = await this.devices.rename(principal.userId, sessionId, body.deviceName);
    return toSessionView(session, principal.sessionId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended.' })
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND)
  async revoke(@CurrentUser() principal: Principal, @Param('id') sessionId: string, @Client() client: ClientInfo): Promise<void> {
    await this.devices.revokeOwned(principal.userId, sessionId, client);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session but the caller’s has ended.' })
  async revokeOthers(@CurrentUser() principal: Principal, @Client() client: ClientInfo): Promise<void> {
    await this.devices.revokeOthers(principal.userId, principal.sessionId, client);
  }
}
