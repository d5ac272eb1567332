import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain.error.js';
import { PasswordOwner, assertAcceptablePassword } from './password-policy.js';

const ADA: PasswordOwner = { email: 'ada.lovelace@example.com', displayName: 'Grace Hopper' };

function verdict(password: string, owner: PasswordOwner = ADA): string {
  try {
    assertAcceptablePassword(password, owner);
    return 'ok';
  } catch (error) {
    return (error as DomainError).code;
  }
}

function refusal(password: string, owner: PasswordOwner = ADA): string {
  try {
    assertAcceptablePassword(password, owner);
  } catch (error) {
    return (error as DomainError).message;
  }
  throw new Error(`${password} was accepted`);
}

const STRONG_128 = 'correct horse battery staple and more words that make it long '.repeat(3).slice(0, 128);

describe('assertAcceptablePassword', () => {
  it.each([
    'correct horse battery',
    'Ünïcödé pass phrase',
    'ñandú über crème',
    STRONG_128,
    '🔑🐢🌵🎻🧲🪁🦉🍄',
    'benchmark pass phrase that is long',
  ])('accepts %p', (password) => {
    expect(verdict(password)).toBe('ok');
  });

  it.each(['', 'short', '1234567', `${STRONG_128}x`, '🔑🐢🌵🎻🧲🪁🦉'])('refuses %p by length', (password) => {
    expect(verdict(password)).toBe('WEAK_PASSWORD');
  });

  it.each(['password', 'PASSWORD1', '12345678', 'iloveyou', 'qwertyuiop', 'sunshine', 'football'])(
    'refuses the common password %p',
    (password) => {
      expect(verdict(password)).toBe('WEAK_PASSWORD');
    },
  );

  it.each(['sunshine2024', 'football123', 'password123456', 'monkey12345678', 'iloveyou2000', 'qwerty123456', 'Summer2024!', 'password!'])(
    'refuses the trivial variant %p of a common password',
    (password) => {
      expect(verdict(password)).toBe('WEAK_PASSWORD');
    },
  );

  it.each(['ada.lovelace1', 'lovelace2024!', 'adalovelace99', 'gracehopper99', 'Grace Hopper 1906'])(
    'refuses %p, made of the owner’s email or name',
    (password) => {
      expect(verdict(password)).toBe('WEAK_PASSWORD');
    },
  );

  it('refuses repeats and sequences that have the length but not the strength', () => {
    for (const password of ['a'.repeat(128), 'é'.repeat(8), '🔑'.repeat(8), 'abcdefgh12345678', '        x'])
      expect(verdict(password)).toBe('WEAK_PASSWORD');
  });

  it('says why in plain words', () => {
    expect(refusal('iloveyou2000')).toBe(
      'Choose a password that is harder to guess. This is similar to a commonly used password. Add more words that are less common.',
    );
    expect(refusal('lovelace2024!')).toMatch(/personal/);
    expect(refusal('short')).toMatch(/at least 8 characters/);
  });

  it('counts characters after NFC, not UTF-16 units, bytes or combining marks', () => {
    expect(verdict('🔑🐢🌵🎻🧲🪁🦉🍄')).toBe('ok');
    expect(verdict('àéîõüçñ'.normalize('NFD'))).toBe('WEAK_PASSWORD');
    expect(verdict('ñandú über crème'.normalize('NFD'))).toBe('ok');
  });
});
