import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What the package may depend on: NestJS, a JWT library, a Redis client, the LRU and Node itself. */
const ALLOWED = [/^@nestjs\/(common|core)$/, /^jsonwebtoken$/, /^ioredis$/, /^lru-cache$/, /^node:/, /^@jest\/globals$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from |import\()'([^']+)'/g)].map((match) => match[1]);
}

describe('the autorenew/nest package', () => {
  const files = sources(packageRoot);

  it('imports nothing of the service or the client SDK: every relative import stays inside nest/', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const specifier of specifiers(file).filter((s) => s.startsWith('.'))) {
        const target = relative(packageRoot, resolve(dirname(file), specifier));
        expect({ file: relative(packageRoot, file), target, outside: target.startsWith('..') }).toEqual({
          file: relative(packageRoot, file),
          target,
          outside: false,
        });
      }
    }
  });

  it('depends only on NestJS, jsonwebtoken, lru-cache and ioredis', () => {
    const foreign = files.flatMap((file) =>
      specifiers(file).filter((s) => !s.startsWith('.') && !ALLOWED.some((allowed) => allowed.test(s))),
    );
    expect(foreign).toEqual([]);
  });
});
