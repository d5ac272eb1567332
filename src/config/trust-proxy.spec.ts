import { describe, expect, it } from '@jest/globals';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy.js';

describe('parseTrustProxy', () => {
  it('reads a plain integer as a number of hops, never as an address', () => {
    expect(parseTrustProxy('1')).toEqual({ trustProxy: 1 });
    expect(parseTrustProxy('2')).toEqual({ trustProxy: 2 });
    expect(parseTrustProxy('0')).toEqual({ trustProxy: false });
  });

  it('keeps true, false and unset', () => {
    expect(parseTrustProxy(undefined)).toEqual({ trustProxy: false });
    expect(parseTrustProxy('false')).toEqual({ trustProxy: false });
    expect(parseTrustProxy('true')).toEqual({ trustProxy: true });
  });

  it('keeps a comma list of IPv4 and IPv6 addresses and CIDRs', () => {
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16,::1,fd00::/8, 192.168.0.0/255.255.0.0')).toEqual({
      trustProxy: '10.0.0.1,10.1.0.0/16,::1,fd00::/8,192.168.0.0/255.255.0.0',
    });
  });

  it('refuses anything else, naming the bad entries', () => {
    for (const value of ['1.2.3', '10.0.0.0/33', '::1/129', '10.0.0.1, 1', '10.0.0.1/8/8', 'yes', '101']) {
      expect(parseTrustProxy(value)).toEqual({ problem: expect.stringMatching(/^TRUST_PROXY /) });
    }
    expect(parseTrustProxy('10.0.0.1, 1')).toEqual({ problem: expect.stringContaining('(not: 1)') });
  });
});

describe('fastifyTrustProxy', () => {
  it('turns a hop count into a function trusting the socket peer and the hops behind it', () => {
    const sut = fastifyTrustProxy(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => sut('10.0.0.1', hop))).toEqual([true, true, false]);
  });

  it('passes true, false and address lists to Fastify unchanged', () => {
    for (const value of [true, false, '10.0.0.1,::1']) expect(fastifyTrustProxy(value)).toBe(value);
  });
});
