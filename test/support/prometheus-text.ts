/** One sample of the Prometheus text exposition format (version 0.0.4). */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}(?:,|(?=\\})))*)\\})? (\\S+)(?: -?\\d+)?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A strict parser of the text format: every line must be a HELP, a TYPE declared before its samples, or
 * a well-formed sample whose family was declared; anything else throws, so a malformed scrape fails.
 */
export function parsePrometheusText(text: string): Sample[] {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      if (!new RegExp(`^${NAME}$`).test(type[1]) || !TYPES.has(type[2]) || families.has(type[1])) throw new Error(`bad TYPE line: ${line}`);
      families.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith('# HELP ') || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`malformed sample: ${line}`);
    const name = match[1];
    const family = [name, name.replace(/_(bucket|count|sum|total)$/, '')].find((candidate) => families.has(candidate));
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    const value = parseValue(match[match.length - 1]);
    samples.push({ name, labels: parseLabels(match[2] ?? ''), value });
  }
  return samples;
}

function parseValue(raw: string): number {
  // As Prometheus reads values (Go's ParseFloat): case-insensitive; prom-client writes NaN as `Nan`.
  if (/^\+?inf$/i.test(raw)) return Infinity;
  if (/^-inf$/i.test(raw)) return -Infinity;
  if (/^nan$/i.test(raw)) return NaN;
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw)) throw new Error(`bad sample value: ${raw}`);
  return Number(raw);
}

function parseLabels(raw: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of raw.matchAll(new RegExp(LABEL, 'g'))) {
    if (match[1] in labels) throw new Error(`duplicate label ${match[1]}`);
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** The value of the one sample with this name and exactly these labels; 0 when absent (a counter not yet touched). */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}
