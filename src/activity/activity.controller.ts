import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser } from '../identity/current-user.decorator.js';
import type { Principal } from '../identity/principal.js';
import { ActivityService } from './activity.service.js';
import { ActivityView, toActivityView } from './activity.view.js';
import { ActivityPageDto } from './dto/activity-page.dto.js';

@Controller('users/me/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  /** Newest first; page with `limit` (1..100, default 20) and `offset`. */
  @Get()
  @ApiOkResponse({ type: [ActivityView], description: 'Newest first.' })
  async list(@CurrentUser() principal: Principal, @Query() page: ActivityPageDto): Promise<ActivityView[]> {
    const events = await this.activity.listForUser(principal.userId, page);
    return events.map(toActivityView);
  }
}
