import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code.enum.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { Roles } from '../identity/roles.decorator.js';
import type { Principal } from '../identity/principal.js';
import { Client, type ClientInfo } from '../identity/client-info.decorator.js';
import { SessionView, toSessionView } from '../sessions/session.view.js';
import { Role } from '../identity/role.enum.js';
import { AdminUserView, toAdminUserView } from './admin-user.view.js';
import { AdminUsersService } from './admin-users.service.js';
import { UpdateUserDto } from './dto/update-user.dto.js';

@Controller('admin/users')
@Roles(Role.Admin)
@ApiErrors(ErrorCode.USER_NOT_FOUND)
export class AdminController {
  constructor(private readonly admin: AdminUsersService) {}

  @Patch(':id')
  @ApiOkResponse({ type: AdminUserView })
  @ApiErrors(ErrorCode.CANNOT_DISABLE_SELF)
  async update(
    @CurrentUser() actor: Principal,
    @Param('id') userId: string,
    @Body() body: UpdateUserDto,
    @Client() client: ClientInfo,
  ): Promise<AdminUserView> {
    return toAdminUserView(await this.admin.setDisabled(actor, userId, body.disabled, client));
  }

  @Post(':id/logout-all')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The user is signed out everywhere.' })
  logoutAll(@Param('id') userId: string, @Client() client: ClientInfo): Promise<void> {
    return this.admin.logoutAll(userId, client);
  }

  @Get(':id/sessions')
  @ApiOkResponse({ type: [SessionView], description: 'The live sessions of the user.' })
  async sessions(@Param('id') userId: string): Promise<SessionView[]> {
    return (await this.admin.listSessions(userId)).map((session) => toSessionView(session));
  }

  @Delete(':id/sessions/:sid')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session has ended.' })
  @ApiErrors(ErrorCode.SESSION_NOT_FOUND)
  revokeSession(@Param('id') userId: string, @Param('sid') sessionId: string, @Client() client: ClientInfo): Promise<void> {
    return this.admin.revokeSession(userId, sessionId, client);
  }
}
