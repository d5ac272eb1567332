import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const common = dirname(fileURLToPath(import.meta.url));
const src = dirname(common);

/** Every module specifier of a file: static imports and exports, side-effect imports and `import()`. */
function specifiersOf(text: string): string[] {
  const patterns = [/\bfrom\s+'([^']+)'/g, /\bimport\s+'([^']+)'/g, /\bimport\(\s*'([^']+)'\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

/** The files of src/ outside common/ that `file` imports, as paths relative to src/. */
function importsOutsideCommon(file: string, text = readFileSync(file, 'utf8')): string[] {
  return specifiersOf(text)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier))
    .filter((target) => !target.startsWith(`${common}/`))
    .map((target) => relative(src, target));
}

describe('src/common', () => {
  it('imports nothing from the rest of the application: no feature, no infrastructure module', () => {
    const files = sourcesUnder(common);
    expect(files.length).toBeGreaterThan(20);
    const offending = files.flatMap((file) => importsOutsideCommon(file).map((target) => `${relative(src, file)} -> ${target}`));
    expect(offending).toEqual([]);
  });

  it('is checked by a scan that sees every form of a feature import', () => {
    const file = join(common, 'filters', 'http-error.ts');
    // Built from parts, so this spec's own text holds no such import for the scan above to find.
    const feature = ['..', '..', 'oauth', 'oauth-error.js'].join('/');
    const text = [
      `import { OAuthError } from '${feature}';`,
      `export * from '${feature}';`,
      `import '${feature}';`,
      `await import('${feature}');`,
    ].join('\n');
    expect(importsOutsideCommon(file, text)).toEqual(Array(4).fill('oauth/oauth-error.js'));
  });
});
