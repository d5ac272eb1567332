import { ApiProperty } from '@nestjs/swagger';

const INDICATORS: Record<string, unknown> = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] } }, required: ['status'] },
  example: { database: { status: 'up' } },
};

/** @nestjs/terminus's HealthCheckResult, as /health/live and /health/ready answer it (a check down: only `{status: "down"}`). */
export class HealthCheckView {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: string;

  @ApiProperty({ ...INDICATORS, description: 'The checks that are up.' })
  info: Record<string, { status: string }>;

  @ApiProperty({ ...INDICATORS, description: 'The checks that are down.' })
  error: Record<string, { status: string }>;

  @ApiProperty({ ...INDICATORS, description: 'Every check.' })
  details: Record<string, { status: string }>;
}
