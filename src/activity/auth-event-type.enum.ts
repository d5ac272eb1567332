/** The kinds of security activity a user can review; stored as text, part of the API. */
export enum AuthEventType {
  Login = 'login',
  LoginFailed = 'login_failed',
  RefreshTokenReused = 'refresh_token_reused',
  Logout = 'logout',
  LogoutAll = 'logout_all',
  SessionRevoked = 'session_revoked',
  PasswordChanged = 'password_changed',
  PasswordChangeFailed = 'password_change_failed',
  UserDisabled = 'user_disabled',
}
