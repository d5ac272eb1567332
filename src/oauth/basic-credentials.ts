/** A client id and secret as a client sent them in an HTTP Basic header. */
export interface BasicCredentials {
  id: string;
  secret: string;
}

/** Larger than any configured client's id and secret together, encoded: no reason to decode more. */
const MAX_HEADER_LENGTH = 2048;
const TOKEN68 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads `Authorization: Basic base64(id:secret)` as RFC 6749 §2.3.1 defines it for OAuth clients: the id
 * and secret are form-urlencoded before the Basic encoding (RFC 7617), so `+` is a space and `%XX` a
 * byte. Undefined for anything else: no header, another scheme, bad base64, no `:`, an empty id or a
 * malformed percent-encoding. The caller answers all of these with the same invalid_client.
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (!header || header.length > MAX_HEADER_LENGTH) return undefined;
  const match = /^Basic +(\S+) *$/i.exec(header);
  if (!match || !TOKEN68.test(match[1]) || match[1].replace(/=+$/, '').length % 4 === 1) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator === -1) return undefined;
  const id = formDecode(decoded.slice(0, separator));
  const secret = formDecode(decoded.slice(separator + 1));
  if (!id || secret === undefined) return undefined;
  return { id, secret };
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
