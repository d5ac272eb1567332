import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

describe('the client SDK', () => {
  it('imports nothing but its own files: no server code, no NestJS, no runtime dependency', () => {
    const sources = readdirSync(here).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(3);
    for (const name of sources) {
      const specifiers = [...readFileSync(join(here, name), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(specifiers.filter((specifier) => !specifier.startsWith('./'))).toEqual([]);
    }
  });
});
