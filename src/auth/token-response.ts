/** RFC 6749 §5.1 field names, so OAuth client libraries read it unchanged. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  session_id: string;
}

export function toTokenResponse(access: { token: string; expiresIn: number }, refreshToken: string, sessionId: string): TokenResponse {
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, refresh_token: refreshToken, session_id: sessionId };
}

/** A token response with what the HTTP layer needs besides it (a refresh cookie's lifetime). */
export interface IssuedTokens {
  response: TokenResponse;
  sessionExpiresAt: Date;
  /** After a sign-in: this device's token, to present at its next sign-in (AuthService.login). */
  deviceToken?: string;
}
