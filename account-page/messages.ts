import { ApiError } from './api-error.js';

/** Where an error happened, when the same code means something different to the user. */
export type ErrorContext = 'signIn' | 'password' | 'device' | 'load';

/** The API's error codes in plain words; anything unknown gets a generic sentence, never a raw code. */
export function errorMessage(error: unknown, context: ErrorContext): string {
  if (!(error instanceof ApiError)) return 'The service cannot be reached. Check your connection and try again.';
  const wait = waitText(error.retryAfterSeconds);
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return context === 'password' ? 'Your current password is not correct.' : 'That email and password do not match an account.';
    case 'WEAK_PASSWORD':
      return 'That new password is too common or too short. Choose a longer phrase that is not a well-known password.';
    case 'VALIDATION_FAILED':
      return context === 'signIn' ? 'Enter your email address and password.' : 'Check the highlighted fields and try again.';
    case 'TOO_MANY_REQUESTS':
      return `Too many attempts. ${wait}`;
    case 'SERVICE_UNAVAILABLE':
      return `The service is busy right now. ${wait}`;
    case 'SESSION_NOT_FOUND':
      return 'That device was already signed out.';
    case 'CSRF_REJECTED':
      return 'This page could not talk to the service securely. Reload the page and try again.';
    case 'TOKEN_MISSING':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_INVALID':
    case 'TOKEN_REVOKED':
      return 'You have been signed out. Sign in again to continue.';
  }
  if (error.status === 429) return `Too many attempts. ${wait}`;
  if (error.status === 503) return `The service is busy right now. ${wait}`;
  return 'Something went wrong on our side. Try again in a moment.';
}

/** "Try again in N seconds" (or minutes, for the long blocks that throttling uses). */
export function waitText(seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 1) return 'Try again in a moment.';
  if (seconds < 120) return `Try again in ${seconds} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

const ACTIVITY: Record<string, string> = {
  login: 'Signed in',
  login_failed: 'Failed sign-in attempt (wrong password)',
  refresh_token_reused: 'An old sign-in token was used again; that device was signed out to protect your account',
  logout: 'Signed out',
  logout_all: 'Signed out of all devices',
  session_revoked: 'A device was signed out',
  password_changed: 'Password changed',
  password_change_failed: 'Wrong current password when changing the password',
  user_disabled: 'Account disabled by an administrator',
};

export function activityText(type: string): string {
  return ACTIVITY[type] ?? 'Other account activity';
}

/** Why the page is showing the sign-in form again. */
export function signedOutText(reason: 'logout' | 'revoked' | 'expired' | 'elsewhere' | 'all'): string {
  switch (reason) {
    case 'all':
      return 'You have logged out of all devices.';
    case 'logout':
      return 'You have signed out.';
    case 'elsewhere':
      return 'You were signed out in another tab.';
    case 'revoked':
      return 'You were signed out: this device was signed out from another device, or your password was changed.';
    case 'expired':
      return 'Your session has ended. Sign in again to continue.';
  }
}
