/**
 * `Bearer <token>` from the Authorization header only (RFC 6750 §2.1), scheme case-insensitive; tokens
 * in query strings or bodies end up in logs, so they are not looked for. As the service reads it.
 */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  return match?.[1];
}
