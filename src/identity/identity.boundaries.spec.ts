import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const allowed = (specifier: string) =>
  specifier.startsWith('./') || specifier.startsWith('../common/') || specifier.startsWith('@nestjs/') || specifier.startsWith('node:');

describe('the identity folder', () => {
  it('is a leaf: imports only itself, src/common, @nestjs/* and node, never a feature', () => {
    const sources = readdirSync(here).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const name of sources) {
      const specifiers = [...readFileSync(join(here, name), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect({ name, outside: specifiers.filter((specifier) => !allowed(specifier)) }).toEqual({ name, outside: [] });
    }
  });
});
