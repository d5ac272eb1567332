/** A fenced code block that a `<!-- example: <path> -->` line says is a copy of a repository file. */
export interface DocExample {
  /** Repository-relative path named by the marker. */
  path: string;
  /** 1-based line of the marker in the document. */
  line: number;
  /** The block's content, or undefined when the marker is not followed by a fenced block (one blank line between allowed). */
  code: string | undefined;
}

const MARKER = /^<!--\s*example:\s*(\S+)\s*-->\s*$/;
const FENCE = /^(`{3,}|~{3,})/;

/**
 * Every example marker of a Markdown document with the fenced block right after it (CommonMark fences). One
 * blank line may separate them: Prettier puts one after an HTML comment.
 */
export function docExamples(markdown: string): DocExample[] {
  const lines = markdown.split(/\r?\n/);
  const examples: DocExample[] = [];
  lines.forEach((text, index) => {
    const marker = MARKER.exec(text);
    if (marker)
      examples.push({
        path: marker[1],
        line: index + 1,
        code: fencedBlockAt(lines, lines[index + 1]?.trim() === '' ? index + 2 : index + 1),
      });
  });
  return examples;
}

function fencedBlockAt(lines: string[], start: number): string | undefined {
  const open = FENCE.exec(lines[start] ?? '');
  if (!open) return undefined;
  const fence = open[1];
  // A closing fence: the same character, at least as long, nothing after it but blanks.
  const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  for (let end = start + 1; end < lines.length; end += 1) {
    if (closing.test(lines[end])) return lines.slice(start + 1, end).join('\n');
  }
  return undefined;
}
