import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser } from '../identity/current-user.decorator.js';
import type { Principal } from '../identity/principal.js';
import { UserView, toUserView } from './user.view.js';
import { UsersService } from './users.service.js';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: UserView })
  async me(@CurrentUser() principal: Principal): Promise<UserView> {
    return toUserView(await this.users.getById(principal.userId));
  }
}
