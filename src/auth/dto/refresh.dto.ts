import { IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  /** Generous bound: a wrong kind of token (an access token, say) should answer INVALID_REFRESH_TOKEN, not 400. */
  @IsString()
  @MaxLength(4096)
  refresh_token: string;
}
