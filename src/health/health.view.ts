import { ApiProperty } from '@nestjs/swagger';

/** GET /health's body, up (200) or down (503). */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: string;

  @ApiProperty({ enum: ['up', 'down'] })
  database: string;
}
