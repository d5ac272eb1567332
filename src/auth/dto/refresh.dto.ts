import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  /**
   * Absent in cookie mode (the cookie carries it). Generous bound: a wrong kind of token (an access
   * token, say) should answer INVALID_REFRESH_TOKEN, not 400.
   */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  refresh_token?: string;
}
