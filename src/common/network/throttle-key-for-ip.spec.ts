import { describe, expect, it } from '@jest/globals';
import { throttleKeyForIp } from './throttle-key-for-ip.js';

describe('throttleKeyForIp', () => {
  it('keys an IPv6 address by its /64, however it is written', () => {
    const sut = throttleKeyForIp;
    expect(sut('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(sut('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sut('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(sut('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sut('::1')).toBe('0:0:0:0::/64');
    expect(sut('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sut('2001:db8:1:2::192.0.2.1')).toBe('2001:db8:1:2::/64');
  });

  it('gives different /64s different keys', () => {
    expect(throttleKeyForIp('2001:db8:1:2::a')).not.toBe(throttleKeyForIp('2001:db8:1:3::a'));
  });

  it('keys an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(throttleKeyForIp('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(throttleKeyForIp('::FFFF:cb00:7105')).toBe('203.0.113.5');
    expect(throttleKeyForIp('0:0:0:0:0:ffff:203.0.113.5')).toBe('203.0.113.5');
  });

  it('keeps IPv4 addresses, text that is no address, and a missing address as they are', () => {
    expect(throttleKeyForIp('203.0.113.5')).toBe('203.0.113.5');
    expect(throttleKeyForIp('unknown')).toBe('unknown');
    expect(throttleKeyForIp(null)).toBeNull();
  });
});
