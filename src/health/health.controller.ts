import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { Public } from '../identity/public.decorator.js';
import { HealthService } from './health.service.js';

interface StatusSetter {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  async check(@Res({ passthrough: true }) response: StatusSetter): Promise<{ status: string; database: string }> {
    if (await this.health.isDatabaseUp()) return { status: 'ok', database: 'up' };
    // Both Fastify's reply and Express's response expose status(code).
    response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'error', database: 'down' };
  }
}
