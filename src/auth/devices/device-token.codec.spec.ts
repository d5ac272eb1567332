import { describe, expect, it } from '@jest/globals';
import { DeviceTokenCodec } from './device-token.codec.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

describe('DeviceTokenCodec', () => {
  describe('deviceOf', () => {
    it('recognises a token issued to this user’s device, under the current or a previous secret', () => {
      const sut = new DeviceTokenCodec([SECRET]);
      const token = sut.issue('user-1');
      expect(sut.deviceOf(token, 'user-1')).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(new DeviceTokenCodec(['a newer secret 0123456789-abcdefghijklmnop', SECRET]).deviceOf(token, 'user-1')).toBeDefined();
    });

    it('refuses a token for another user, a forged or altered one, and anything that is not a token', () => {
      const sut = new DeviceTokenCodec([SECRET]);
      const token = sut.issue('user-1');
      expect(sut.deviceOf(token, 'user-2')).toBeUndefined();
      expect(sut.deviceOf(`${token.slice(0, -2)}AA`, 'user-1')).toBeUndefined();
      expect(sut.deviceOf(new DeviceTokenCodec(['another secret 0123456789-abcdefghijklmnop']).issue('user-1'), 'user-1')).toBeUndefined();
      for (const junk of [undefined, 42, '', 'dv1..', `${token}x`]) expect(sut.deviceOf(junk, 'user-1')).toBeUndefined();
    });
  });
});
