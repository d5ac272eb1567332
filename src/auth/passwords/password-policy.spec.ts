import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain.error.js';
import { assertAcceptablePassword } from './password-policy.js';

function verdict(password: string): string {
  try {
    assertAcceptablePassword(password);
    return 'ok';
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('assertAcceptablePassword', () => {
  it.each(['correct horse battery', 'Ünïcödé ✓ pass', '        x', 'a'.repeat(128), '🔑'.repeat(8)])('accepts %p', (password) => {
    expect(verdict(password)).toBe('ok');
  });

  it.each(['', 'short', '1234567', 'a'.repeat(129), '🔑'.repeat(7)])('refuses %p by length', (password) => {
    expect(verdict(password)).toBe('WEAK_PASSWORD');
  });

  it.each(['password', 'PASSWORD1', '12345678', 'iloveyou', 'qwertyuiop', 'sunshine', 'football'])('refuses the common password %p', (password) => {
    expect(verdict(password)).toBe('WEAK_PASSWORD');
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(verdict('é'.repeat(8))).toBe('ok');
    expect(verdict('😀'.repeat(128))).toBe('ok');
  });
});
