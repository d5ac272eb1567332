import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { RefreshTokenCodec } from './refresh-token.codec.js';

const SECRET = 'test-secret-with-enough-entropy-0123456789';

describe('RefreshTokenCodec', () => {
  const sut = new RefreshTokenCodec([SECRET]);
  const sessionId = randomUUID();
  const salt = RefreshTokenCodec.newSalt();

  describe('issue', () => {
    it('produces a URL-safe token carrying 256 bits of MAC', () => {
      const token = sut.issue(sessionId, 3, salt);
      expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(encodeURIComponent(token)).toBe(token);
      expect(sut.parse(token)?.mac).toHaveLength(32);
    });

    it('differs per generation and per salt', () => {
      const tokens = new Set([
        sut.issue(sessionId, 0, salt),
        sut.issue(sessionId, 1, salt),
        sut.issue(sessionId, 0, RefreshTokenCodec.newSalt()),
      ]);
      expect(tokens.size).toBe(3);
    });
  });

  describe('parse', () => {
    it('reads the session and generation back', () => {
      expect(sut.parse(sut.issue(sessionId, 42, salt))).toMatchObject({ sessionId, generation: 42 });
    });

    it.each([
      undefined,
      42,
      '',
      'rt1',
      `rt1.${sessionId}.1`,
      `rt1.not-a-uuid.1.${'a'.repeat(43)}`,
      `rt1.${sessionId}.01.${'a'.repeat(43)}`,
      `rt1.${sessionId}.-1.${'a'.repeat(43)}`,
      `rt1.${sessionId}.1.${'a'.repeat(44)}`,
      'eyJhbGciOiJIUzI1NiJ9.e30.sig',
    ])('refuses the malformed token %p', (token) => {
      expect(sut.parse(token)).toBeUndefined();
    });
  });

  describe('isAuthentic', () => {
    it('accepts a token it issued', () => {
      const parsed = sut.parse(sut.issue(sessionId, 5, salt))!;
      expect(sut.isAuthentic(parsed, salt)).toBe(true);
    });

    it('refuses a token whose generation was altered', () => {
      const parsed = sut.parse(sut.issue(sessionId, 5, salt))!;
      expect(sut.isAuthentic({ ...parsed, generation: 6 }, salt)).toBe(false);
    });

    it('accepts tokens issued under a previous secret during a rotation, and issues with the current one', () => {
      const previous = new RefreshTokenCodec([SECRET]);
      const rotated = new RefreshTokenCodec(['a-new-secret-with-enough-entropy-0123456789', SECRET]);
      expect(rotated.isAuthentic(rotated.parse(previous.issue(sessionId, 2, salt))!, salt)).toBe(true);
      expect(previous.isAuthentic(previous.parse(rotated.issue(sessionId, 3, salt))!, salt)).toBe(false);
    });

    it('refuses a token made with another secret or salt', () => {
      const forged = new RefreshTokenCodec(['another-secret-with-enough-entropy-9876543210']).issue(sessionId, 0, salt);
      expect(sut.isAuthentic(sut.parse(forged)!, salt)).toBe(false);
      expect(sut.isAuthentic(sut.parse(sut.issue(sessionId, 0, salt))!, RefreshTokenCodec.newSalt())).toBe(false);
    });
  });
});
