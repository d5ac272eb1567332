import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docExamples } from './support/doc-examples.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');
const documents = readdirSync(DOCS).filter((name) => name.endsWith('.md'));

/**
 * Code in docs that says it is a repository file must be that file, so what readers copy is what the
 * tests run: in any docs/*.md, a fenced block right after `<!-- example: <repo-relative path> -->`
 * must equal the file's content (both trimmed).
 */
describe('examples in docs/*.md', () => {
  it('finds the copy-paste examples of docs/integration.md', () => {
    const examples = docExamples(readFileSync(join(DOCS, 'integration.md'), 'utf8'));
    expect(examples.map((example) => example.path)).toEqual(
      expect.arrayContaining(['examples/in-app/notes.controller.ts', 'examples/in-app/notes.module.ts']),
    );
  });

  it.each(documents)('docs/%s: every example block equals the file it names', (document) => {
    const problems: string[] = [];
    for (const example of docExamples(readFileSync(join(DOCS, document), 'utf8'))) {
      const where = `docs/${document}:${example.line} (${example.path})`;
      const file = resolve(ROOT, example.path);
      if (!file.startsWith(`${ROOT}/`)) problems.push(`${where}: the path leaves the repository`);
      else if (example.code === undefined) problems.push(`${where}: the marker is not directly followed by a fenced code block`);
      else if (!existsSync(file)) problems.push(`${where}: no such file`);
      else if (example.code.trim() !== readFileSync(file, 'utf8').trim()) problems.push(`${where}: the block differs from the file`);
    }
    expect(problems).toEqual([]);
  });
});

describe('docExamples', () => {
  it('reads the block right after each marker, with any fence length or language', () => {
    const markdown = [
      '# Doc',
      '<!-- example: a.ts -->',
      '```ts',
      'const a = 1;',
      '```',
      'text',
      '<!--example:dir/b.ts-->',
      '````',
      '```',
      'inner',
      '```',
      '````',
      '~~~',
      'not marked',
      '~~~',
    ].join('\n');
    expect(docExamples(markdown)).toEqual([
      { path: 'a.ts', line: 2, code: 'const a = 1;' },
      { path: 'dir/b.ts', line: 7, code: '```\ninner\n```' },
    ]);
  });

  it('reads the block after one blank line (where Prettier puts it), and no further', () => {
    expect(docExamples('<!-- example: a.ts -->\n\n```ts\nx\n```')).toEqual([{ path: 'a.ts', line: 1, code: 'x' }]);
    expect(docExamples('<!-- example: a.ts -->\n\n\n```ts\nx\n```')).toEqual([{ path: 'a.ts', line: 1, code: undefined }]);
  });

  it('reports a marker that is not followed by a closed fenced block', () => {
    expect(docExamples('<!-- example: a.ts -->\nSome prose.\n```ts\nx\n```')).toEqual([{ path: 'a.ts', line: 1, code: undefined }]);
    expect(docExamples('<!-- example: a.ts -->\n```ts\nnever closed')).toEqual([{ path: 'a.ts', line: 1, code: undefined }]);
  });
});
