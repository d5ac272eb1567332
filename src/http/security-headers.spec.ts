import { describe, expect, it } from '@jest/globals';
import { helmetHeaders } from './security-headers.js';

describe('helmetHeaders', () => {
  it('answers helmet’s headers for the API, with its strict policy', () => {
    const sut = helmetHeaders();
    expect(sut['Content-Security-Policy']).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
    expect(sut).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'SAMEORIGIN',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });
});
