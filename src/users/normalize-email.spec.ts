import { describe, expect, it } from '@jest/globals';
import { hasControlCharacter, normalizeEmail } from './normalize-email.js';

describe('normalizeEmail', () => {
  it.each([
    ['Ada@Example.COM', 'ada@example.com'],
    ['  ada@example.com ', 'ada@example.com'],
    ['ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ada@example.com'],
    ['cafe\u0301@example.com', 'caf\u00e9@example.com'],
    ['CAF\u00c9@example.com', 'caf\u00e9@example.com'],
    ['\ufb01nn@example.com', 'finn@example.com'],
    ['\u212aelvin@example.com', 'kelvin@example.com'],
    ['STRAẞE@example.com', 'straße@example.com'],
  ])('maps %p to %p', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it('is idempotent, so a stored value looks itself up', () => {
    for (const input of ['İstanbul@example.com', 'ＤＥＮＩＳ@example.com', 'Ωmega@example.com', 'e\u0301\u0323@example.com']) {
      const once = normalizeEmail(input);
      expect(normalizeEmail(once)).toBe(once);
    }
  });
});

describe('hasControlCharacter', () => {
  it.each(['a\r\nb', 'a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'a\u009fb'])('finds one in %p', (value) => {
    expect(hasControlCharacter(value)).toBe(true);
  });

  it.each(['ada@example.com', 'ädä@exämple.com', 'a b@example.com'])('finds none in %p', (value) => {
    expect(hasControlCharacter(value)).toBe(false);
  });
});
