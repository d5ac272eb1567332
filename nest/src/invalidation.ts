/**
 * The messages the service's instances exchange on their Redis channel `<prefix>invalidate`, as the
 * service writes them (its `src/revocation/invalidation.ts`; the package imports nothing from the
 * service, so the format is restated here and the product-app e2e proves the two agree):
 * `u:<userId>` (version, role or disabled changed), `s:<sessionId>` (revoked), `*` (forget everything).
 * Several may share one payload, separated by spaces; heartbeats (`hb:<id>`, the service's `hb:svc:<id>`)
 * are none of these.
 */
/**
 * The service's instances' heartbeat, `hb:svc:<id>` (its SERVICE_HEARTBEAT_PREFIX): hearing it proves this
 * app listens where the service publishes, and that the service can publish.
 */
export const SERVICE_HEARTBEAT_PREFIX = 'hb:svc:';

export type Invalidation = { kind: 'user'; id: string } | { kind: 'session'; id: string } | { kind: 'all' };

export function decodeInvalidations(payload: string): Invalidation[] {
  return payload.split(' ').flatMap((raw) => {
    const message = decodeInvalidation(raw);
    return message ? [message] : [];
  });
}

function decodeInvalidation(raw: string): Invalidation | undefined {
  if (raw === '*') return { kind: 'all' };
  const id = raw.slice(2);
  if (id.length === 0 || id.length > 64) return undefined;
  if (raw.startsWith('u:')) return { kind: 'user', id };
  if (raw.startsWith('s:')) return { kind: 'session', id };
  return undefined;
}
