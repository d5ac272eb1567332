import { describe, expect, it } from '@jest/globals';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43200],
    ['7d', 604800],
    [' 0 ', 0],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '-5', '1.5h', '15 m', '10w', 'abc', '1e3', '99999999999999999999d'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
