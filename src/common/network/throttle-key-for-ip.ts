import { isIPv6 } from 'node:net';

/**
 * The per-IP throttling subject for a client address. An IPv6 client gets a whole /64 (RFC 4291 §2.5.1,
 * RFC 6177: one subscriber's smallest usual allocation) and picks any address inside it at will, so a
 * full-address key let it rotate past every per-IP limit; the /64 is what it cannot change. An
 * IPv4-mapped address (`::ffff:a.b.c.d`, what a dual-stack socket reports) is its IPv4 address, so the
 * same client is one key whichever way it arrives. Anything else (IPv4, or text that is no address) is
 * keyed as it is.
 */
export function throttleKeyForIp(ip: string | null): string | null {
  if (ip === null) return null;
  const address = ip.replace(/%.*$/, '');
  if (!isIPv6(address)) return ip;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted IPv4 tail converted. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number);
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((group) => parseInt(group, 16));
}
