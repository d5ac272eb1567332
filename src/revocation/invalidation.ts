/**
 * The invalidation messages instances exchange, as compact strings on one Redis channel:
 * `u:<userId>` (version, role or disabled changed), `s:<sessionId>` (revoked), `*` (forget everything).
 */
/**
 * What each of this service's instances publishes as its heartbeat, followed by a random id: `hb:svc:<uuid>`.
 * A resource server's guard (autorenew/nest) trusts its cache only while it hears these, which proves it
 * listens on the channel the service publishes to (the right Redis and key prefix) and that the service
 * can publish. Any other payload that is not an invalidation (a guard's own `hb:<uuid>`, a kind a newer
 * version adds) is ignored by `decodeInvalidation`.
 */
export const SERVICE_HEARTBEAT_PREFIX = 'hb:svc:';

export type Invalidation = { kind: 'user'; id: string } | { kind: 'session'; id: string } | { kind: 'all' };

export function encodeInvalidation(message: Invalidation): string {
  if (message.kind === 'all') return '*';
  return `${message.kind === 'user' ? 'u' : 's'}:${message.id}`;
}

/** Undefined for anything else (heartbeats, or a message from a newer version we do not understand). */
export function decodeInvalidation(raw: string): Invalidation | undefined {
  if (raw === '*') return { kind: 'all' };
  const id = raw.slice(2);
  if (id.length === 0 || id.length > 64) return undefined;
  if (raw.startsWith('u:')) return { kind: 'user', id };
  if (raw.startsWith('s:')) return { kind: 'session', id };
  return undefined;
}
