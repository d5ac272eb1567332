import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';

/** RFC 6749 §5.1 field names, so OAuth client libraries read it unchanged. Also its openapi.json schema. */
export class TokenResponse {
  @ApiProperty({ description: 'A JWT (`typ: at+jwt`): send it as `Authorization: Bearer <access_token>`.' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.', example: 900 })
  expires_in: number;

  @ApiProperty({ description: 'Opaque and single-use: each refresh returns a new one (rotation).' })
  refresh_token: string;

  @ApiProperty({ format: 'uuid' })
  session_id: string;
}

/** Cookie mode: the same response without the refresh token, which travels in the HttpOnly cookie instead. */
export class CookieModeTokenResponse extends OmitType(TokenResponse, ['refresh_token'] as const) {}

/** A sign-in in body mode also hands the device its device token. */
export class LoginTokenResponse extends TokenResponse {
  @ApiPropertyOptional({
    description: 'Present at the next sign-in from this device (`deviceToken`), so its failures are counted apart from a guesser’s.',
  })
  device_token?: string;
}

export function toTokenResponse(access: { token: string; expiresIn: number }, refreshToken: string, sessionId: string): TokenResponse {
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresIn,
    refresh_token: refreshToken,
    session_id: sessionId,
  };
}

/** A token response with what the HTTP layer needs besides it (a refresh cookie's lifetime). */
export interface IssuedTokens {
  response: TokenResponse;
  sessionExpiresAt: Date;
  /** After a sign-in: this device's token, to present at its next sign-in (AuthService.login). */
  deviceToken?: string;
}
