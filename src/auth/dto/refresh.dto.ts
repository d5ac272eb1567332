import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';

export class RefreshDto {
  /**
   * Absent in cookie mode (the cookie carries it); null is no token either, so it is refused as the
   * wrong type rather than treated as absent. Generous bound: a wrong kind of token (an access token,
   * say) should answer INVALID_REFRESH_TOKEN, not 400.
   */
  @ApiPropertyOptional({ maxLength: 4096, description: 'Required unless the `__Host-refresh_token` cookie is sent (cookie mode).' })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(4096)
  refresh_token?: string;
}
