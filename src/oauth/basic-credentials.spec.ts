import { describe, expect, it } from '@jest/globals';
import { parseBasicCredentials } from './basic-credentials.js';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicCredentials', () => {
  it('reads the id and the secret, splitting at the first colon', () => {
    expect(parseBasicCredentials(`Basic ${encode('billing:s3cret')}`)).toEqual({ id: 'billing', secret: 's3cret' });
    expect(parseBasicCredentials(`Basic ${encode('billing:a:b')}`)).toEqual({ id: 'billing', secret: 'a:b' });
  });

  it('takes the scheme in any case (RFC 7235 §2.1)', () => {
    expect(parseBasicCredentials(`basic ${encode('billing:s3cret')}`)).toEqual({ id: 'billing', secret: 's3cret' });
    expect(parseBasicCredentials(`BASIC ${encode('billing:s3cret')}`)).toEqual({ id: 'billing', secret: 's3cret' });
  });

  it('form-decodes the id and secret (RFC 6749 §2.3.1): %XX is a byte and + a space', () => {
    expect(parseBasicCredentials(`Basic ${encode('my%20client:a%7Eb+c%3A')}`)).toEqual({ id: 'my client', secret: 'a~b c:' });
  });

  it('keeps an empty secret, for the caller to refuse', () => {
    expect(parseBasicCredentials(`Basic ${encode('billing:')}`)).toEqual({ id: 'billing', secret: '' });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Basic'],
    ['another scheme', `Bearer ${encode('billing:s3cret')}`],
    ['characters outside base64', 'Basic bm90*YmFzZTY0'],
    ['a truncated base64 quantum', 'Basic YWJjZ'],
    ['two credentials', `Basic ${encode('a:b')} ${encode('c:d')}`],
    ['no colon', `Basic ${encode('billing')}`],
    ['an empty id', `Basic ${encode(':s3cret')}`],
    ['a malformed percent-encoding in the secret', `Basic ${encode('billing:%E0%A4%A')}`],
    ['a malformed percent-encoding in the id', `Basic ${encode('bil%ZZling:s3cret')}`],
    ['an oversized header', `Basic ${encode(`billing:${'s'.repeat(3000)}`)}`],
  ])('answers undefined for %s', (_, header) => {
    expect(parseBasicCredentials(header)).toBeUndefined();
  });
});
