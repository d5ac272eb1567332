import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HealthService } from './health.service.js';

/**
 * The database for terminus: the same bounded `SELECT 1` as `/health`. Our own indicator rather than
 * terminus's TypeOrmHealthIndicator, whose `down` result carries the driver's error text (host, port).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly health: HealthService,
  ) {}

  async check(key: 'database'): Promise<HealthIndicatorResult<'database'>> {
    const indicator = this.indicators.check(key);
    return (await this.health.isDatabaseUp()) ? indicator.up() : indicator.down();
  }
}
