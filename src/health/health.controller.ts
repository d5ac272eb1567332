import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { NoStore } from '../common/decorators/no-store.decorator.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { Public } from '../identity/public.decorator.js';
import { HealthService } from './health.service.js';
import { HealthCheckView } from './health-check.view.js';
import { HealthView } from './health.view.js';
import { RedisHealthIndicator } from './redis.health.js';

interface StatusSetter {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly checks: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Kept for existing callers (load balancers, scripts): the database only, in its original body. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthView, description: 'Up: `{status: "ok", database: "up"}`.' })
  @ApiServiceUnavailableResponse({ type: HealthView, description: 'The database does not answer: `{status: "error", database: "down"}`.' })
  async check(@Res({ passthrough: true }) response: StatusSetter): Promise<{ status: string; database: string }> {
    if (await this.health.isDatabaseUp()) return { status: 'ok', database: 'up' };
    // Both Fastify's reply and Express's response expose status(code).
    response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'error', database: 'down' };
  }

  /** Liveness: the process answers. No I/O, so a database outage never gets the instance restarted. */
  @Public()
  @NoStore()
  @Get('live')
  @ApiOkResponse({ type: HealthCheckView, description: 'The process answers: `{status: "ok", info: {}, error: {}, details: {}}`.' })
  live(): Promise<HealthCheckResult> {
    return this.checks.check([]);
  }

  /** Readiness: the database and, when REDIS_URL is set, Redis. 503 with terminus's body when one is down. */
  @Public()
  @NoStore()
  @Get('ready')
  @ApiOkResponse({ type: HealthCheckView, description: 'The database and, with REDIS_URL, Redis answer.' })
  @ApiServiceUnavailableResponse({
    type: HealthCheckView,
    description: 'A check is down; it is named in `error` with `{status: "down"}` only.',
  })
  async ready(@Res({ passthrough: true }) response: StatusSetter): Promise<HealthCheckResult> {
    const indicators: HealthIndicatorFunction[] = [() => this.database.check('database')];
    if (this.redis.isConfigured) indicators.push(() => this.redis.check('redis'));
    try {
      return await this.checks.check(indicators);
    } catch (error) {
      // Terminus throws its result as a 503; answer that body here rather than the API's error shape.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
