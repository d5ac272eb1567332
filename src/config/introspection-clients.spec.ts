import { describe, expect, it } from '@jest/globals';
import { parseIntrospectionClients } from './introspection-clients.js';

const STRONG = 'Zq8vN3r2Lk5xP7pT0mW9aY4bC6dE1fG2hJsU';
const OTHER_STRONG = 'r7Tn2Vq9Lm4Xc8Bz1Kp6Wy3Hd5Fs0Gj-Aa_e';

describe('parseIntrospectionClients', () => {
  it('has no clients when unset or empty', () => {
    expect(parseIntrospectionClients(undefined, 'production')).toEqual({ clients: [], problems: [] });
    expect(parseIntrospectionClients(' , ', 'production')).toEqual({ clients: [], problems: [] });
  });

  it('reads id:secret pairs, trimming blanks around entries', () => {
    const sut = parseIntrospectionClients(` billing:${STRONG} ,catalog.v2:${OTHER_STRONG},`, 'production');
    expect(sut).toEqual({
      clients: [
        { id: 'billing', secret: STRONG },
        { id: 'catalog.v2', secret: OTHER_STRONG },
      ],
      problems: [],
    });
  });

  it('refuses entries that are not id:secret, naming them by position and never quoting a secret', () => {
    const { problems } = parseIntrospectionClients(`billing,:${STRONG},catalog:,a:b:c,ok:fine`, 'development');
    expect(problems).toEqual([
      'INTROSPECTION_CLIENTS entry 1 must be id:secret',
      'INTROSPECTION_CLIENTS entry 2 must be id:secret with a non-empty id and secret',
      'INTROSPECTION_CLIENTS entry 3 must be id:secret with a non-empty id and secret',
      'INTROSPECTION_CLIENTS entry 4 (client a) must have a secret of at most 512 characters A-Z a-z 0-9 . _ ~ -',
    ]);
    expect(problems.join('\n')).not.toContain(STRONG);
  });

  it('allows only RFC 3986 unreserved characters, which mean the same whether or not a client form-encodes them', () => {
    expect(parseIntrospectionClients('bill ing:secret', 'development').problems).toEqual([
      'INTROSPECTION_CLIENTS entry 1 must have an id of at most 128 characters A-Z a-z 0-9 . _ ~ -',
    ]);
    expect(parseIntrospectionClients('billing:se%20cret', 'development').problems).toHaveLength(1);
    expect(parseIntrospectionClients('billing:se+cret', 'development').problems).toHaveLength(1);
    expect(parseIntrospectionClients(`${'a'.repeat(129)}:secret`, 'development').problems).toHaveLength(1);
    expect(parseIntrospectionClients(`billing:${'s'.repeat(513)}`, 'development').problems).toHaveLength(1);
    expect(parseIntrospectionClients('A-z.0_9~:A-z.0_9~', 'development').clients).toEqual([{ id: 'A-z.0_9~', secret: 'A-z.0_9~' }]);
  });

  it('refuses the same id twice', () => {
    expect(parseIntrospectionClients(`billing:${STRONG},billing:${OTHER_STRONG}`, 'production').problems).toEqual([
      'INTROSPECTION_CLIENTS names the client billing twice',
    ]);
  });

  it('refuses short or placeholder secrets in production only, as for JWT_SECRET', () => {
    expect(parseIntrospectionClients('billing:short', 'production').problems).toEqual([
      'the INTROSPECTION_CLIENTS secret of billing must be at least 32 bytes',
    ]);
    expect(parseIntrospectionClients(`billing:${'x'.repeat(40)}`, 'production').problems).toEqual([
      'the INTROSPECTION_CLIENTS secret of billing looks like a placeholder',
    ]);
    expect(parseIntrospectionClients('billing:short', 'development')).toEqual({
      clients: [{ id: 'billing', secret: 'short' }],
      problems: [],
    });
    expect(parseIntrospectionClients('billing:short', 'test').problems).toEqual([]);
  });
});
