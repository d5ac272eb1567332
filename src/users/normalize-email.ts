/** Emails are compared and stored lower-case, so `Ada@Example.com` and `ada@example.com` are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
