#!/usr/bin/env node
// The boundaries check run by `npm run lint` (issue 13). dependency-cruiser reads the imports and applies the
// file-level rules in .dependency-cruiser.cjs (common/ imports no feature; client/, nest/ and the account page
// import no server code); this script adds the rule it cannot express: feature folders under src/ form no
// cycle. Its `circular` rule sees files, and two folders can import each other through different files
// without any file cycle, so the folder graph is built here from its output and searched for cycles.
//
// Runs in the current directory (the repository, or a fixture in scripts/check-boundaries.spec.ts) and exits
// 1 on any violation. It calls dependency-cruiser's API rather than its CLI: the CLI refuses Node 20, which
// this project supports, while the API runs on it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const CONFIG = join(dirname(fileURLToPath(import.meta.url)), '..', '.dependency-cruiser.cjs');
const ROOTS = ['src', 'client', 'nest', 'account-page', 'examples'];
/** Folders under src/ that are shared ground rather than features: they may be reached from any feature. */
const SHARED = new Set(['common']);

/** `src/users/users.service.ts` → `users`; undefined for files directly in src/ (app.module.ts, main.ts). */
export function featureOf(source) {
  const match = /^src\/([^/]+)\//.exec(source);
  return match && !SHARED.has(match[1]) ? match[1] : undefined;
}

/**
 * The cycles among feature folders: each strongly connected component of the folder graph with more than one
 * folder, with one file-level import behind every folder edge inside it, so a report says where to cut.
 */
export function folderCycles(modules) {
  const edges = new Map();
  for (const module of modules) {
    const from = featureOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = featureOf(dependency.resolved);
      if (!to || to === from) continue;
      const targets = edges.get(from) ?? new Map();
      if (!targets.has(to)) targets.set(to, `${from} → ${to} (${module.source} → ${dependency.resolved})`);
      edges.set(from, targets);
    }
  }
  return stronglyConnected(edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const through = [];
      for (const from of [...component].sort())
        for (const [to, example] of edges.get(from) ?? []) if (members.has(to)) through.push(example);
      return { folders: [...component].sort(), through };
    });
}

// Tarjan's algorithm over the folder graph (a few dozen nodes: recursion depth is no concern).
function stronglyConnected(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const next of (edges.get(node) ?? new Map()).keys()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component);
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return components;
}

export async function checkBoundaries(cwd = process.cwd()) {
  const roots = ROOTS.filter((root) => existsSync(join(cwd, root)));
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = join(cwd, 'tsconfig.json');
  const { output } = await cruise(roots, options, undefined, existsSync(tsConfig) ? { tsConfig: extractTSConfig(tsConfig) } : {});
  const problems = output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
  for (const cycle of folderCycles(output.modules))
    problems.push(`no-feature-cycle: ${cycle.folders.join(', ')} reach each other through\n    ${cycle.through.join('\n    ')}`);
  return { cruised: output.summary.totalCruised, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { cruised, problems } = await checkBoundaries();
  for (const problem of problems) console.error(problem);
  console.log(`boundaries: ${cruised} modules, ${problems.length} violation(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
