import { ApiProperty } from '@nestjs/swagger';
import type { OAuthErrorCode } from '../oauth-error.js';

/** Every RFC 6749 §5.2 code we answer; a Record so that a code added to OAuthErrorCode must be listed here. */
const CODES: Record<OAuthErrorCode, true> = {
  invalid_request: true,
  invalid_client: true,
  invalid_grant: true,
  unsupported_grant_type: true,
  temporarily_unavailable: true,
  server_error: true,
};
export const OAUTH_ERROR_CODES = Object.keys(CODES) as OAuthErrorCode[];

/** The error body of the /oauth/* endpoints (RFC 6749 §5.2), not the API's own: OAuth libraries read it. */
export class OAuthErrorBody {
  @ApiProperty({ enum: OAUTH_ERROR_CODES })
  error: OAuthErrorCode;

  @ApiProperty({ example: 'The parameter grant_type is required.' })
  error_description: string;
}
