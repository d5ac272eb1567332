import { weakSecretReason } from './jwt-secret.js';

/** A resource server allowed to call POST /oauth/introspect (RFC 7662 §2.1), by HTTP Basic. */
export interface IntrospectionClient {
  id: string;
  secret: string;
}

/**
 * RFC 3986 unreserved characters only: RFC 6749 §2.3.1 has clients form-urlencode the id and secret
 * before Basic encoding, which many clients forget. For these characters encoding changes nothing, so
 * both kinds of client send the same bytes. It also keeps `:` and `,`, the list's separators, out.
 */
const UNRESERVED = /^[A-Za-z0-9._~-]+$/;
const MAX_ID_LENGTH = 128;
const MAX_SECRET_LENGTH = 512;

/**
 * Reads `INTROSPECTION_CLIENTS` (`id:secret,id:secret`). Every entry must be well formed and every id
 * unique; in production each secret must pass the JWT_SECRET strength rule. Empty or unset: no clients,
 * and the endpoint refuses everyone.
 */
export function parseIntrospectionClients(
  value: string | undefined,
  environment: string,
): { clients: IntrospectionClient[]; problems: string[] } {
  const clients: IntrospectionClient[] = [];
  const problems: string[] = [];
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const client = parseEntry(entry);
    // The entry holds a secret: name it by position (and id, when readable), never quote it.
    if (typeof client === 'string') {
      problems.push(`INTROSPECTION_CLIENTS entry ${index + 1} ${client}`);
    } else if (clients.some((other) => other.id === client.id)) {
      problems.push(`INTROSPECTION_CLIENTS names the client ${client.id} twice`);
    } else {
      const weakness = environment === 'production' ? weakSecretReason(client.secret) : undefined;
      if (weakness) problems.push(weakness.replace('JWT_SECRET', `the INTROSPECTION_CLIENTS secret of ${client.id}`));
      clients.push(client);
    }
  }
  return { clients, problems };
}

function parseEntry(entry: string): IntrospectionClient | string {
  const separator = entry.indexOf(':');
  if (separator === -1) return 'must be id:secret';
  const id = entry.slice(0, separator);
  const secret = entry.slice(separator + 1);
  if (!id || !secret) return 'must be id:secret with a non-empty id and secret';
  if (id.length > MAX_ID_LENGTH || !UNRESERVED.test(id))
    return `must have an id of at most ${MAX_ID_LENGTH} characters A-Z a-z 0-9 . _ ~ -`;
  if (secret.length > MAX_SECRET_LENGTH || !UNRESERVED.test(secret))
    return `(client ${id}) must have a secret of at most ${MAX_SECRET_LENGTH} characters A-Z a-z 0-9 . _ ~ -`;
  return { id, secret };
}
