import { isIP, isIPv4 } from 'node:net';

/** Fastify's `trustProxy`: whom to believe about the client address in X-Forwarded-For. */
export type TrustProxy = boolean | number | string;

/**
 * Reads TRUST_PROXY: `true`/`false`, a hop count (`1`: one proxy in front, so the client is the last
 * X-Forwarded-For entry, the one that proxy appended), or a comma list of proxy addresses/CIDRs. A bare
 * number used to pass as a string, which Fastify read as the address 0.0.0.1: every real proxy
 * untrusted, every client keyed as the proxy. Answers a problem for anything else.
 */
export function parseTrustProxy(value: string | undefined): { trustProxy: TrustProxy } | { problem: string } {
  if (value === undefined || value === 'false') return { trustProxy: false };
  if (value === 'true') return { trustProxy: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) return { problem: 'TRUST_PROXY as a hop count must be between 0 and 100' };
    return { trustProxy: hops === 0 ? false : hops };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (bad.length > 0)
    return {
      problem: `TRUST_PROXY must be true, false, a number of proxy hops, or a comma list of proxy addresses/CIDRs (not: ${bad.join(', ')})`,
    };
  return { trustProxy: entries.join(',') };
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIPv4(prefix)) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * What Fastify is given. A hop count becomes proxy-addr's classic `hop < n` function: Fastify 5 reads a
 * bare number as "trust nothing" (it cannot tell a proxy from a direct client), so the count only holds
 * if the service is reachable through those proxies alone (docs/security.md). Unlike `true`, it takes the
 * entry our own proxy appended, never the leftmost one a client wrote.
 */
export function fastifyTrustProxy(trustProxy: TrustProxy): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}
