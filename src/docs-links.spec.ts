import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pages = [
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
  'README.md',
];

/** Relative link targets of a markdown page: `[text](target)` and images, without URLs or bare anchors. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.split('#')[0]));
}

describe('docs', () => {
  it('link only to files that exist (a rule linked to its file stays true when the file moves)', () => {
    const links = pages.flatMap((page) => relativeLinks(readFileSync(join(root, page), 'utf8')).map((target) => ({ page, target })));
    expect(links.length).toBeGreaterThan(50);
    const broken = links.filter(({ page, target }) => !existsSync(resolve(root, dirname(page), target)));
    expect(broken).toEqual([]);
  });
});
