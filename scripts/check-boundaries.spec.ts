import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'check-boundaries.mjs');
// Each run starts a Node process that loads dependency-cruiser and TypeScript: seconds on a busy machine.
const RUN_TIMEOUT_MS = 60_000;

describe('check-boundaries', () => {
  let fixture: string;
  afterEach(() => rmSync(fixture, { recursive: true, force: true }));

  /** Writes a small repository (nodenext, `.js` suffixes on `.ts` files) and runs the check in it. */
  const run = (files: Record<string, string>) => {
    fixture = mkdtempSync(join(tmpdir(), 'boundaries-'));
    const tsconfig = { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } };
    for (const [path, source] of Object.entries({ 'tsconfig.json': JSON.stringify(tsconfig), ...files })) {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), source);
    }
    const result = spawnSync(process.execPath, [script], { cwd: fixture, encoding: 'utf8' });
    return {
      status: result.status,
      violations: result.stderr.split('\n').filter((line) => /^[a-z-]+: /.test(line)),
      stderr: result.stderr,
    };
  };

  const clean = {
    'src/common/clock.ts': 'export const now = () => 0;\n',
    'src/users/users.service.ts': "import { now } from '../common/clock.js';\nexport const user = now;\n",
    'src/sessions/sessions.service.ts': "import { user } from '../users/users.service.js';\nexport const session = user;\n",
    'src/app.module.ts': "import { session } from './sessions/sessions.service.js';\nexport const app = session;\n",
    'client/index.ts': "import { helper } from './helper.js';\nexport const client = helper;\n",
    'client/helper.ts': 'export const helper = 1;\n',
  };

  it(
    'passes a tree where features depend on common and on each other one way only',
    () => {
      expect(run(clean)).toMatchObject({ status: 0, violations: [] });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'names every crossing: common importing a feature, client, nest or the account page importing server code, and a cycle between feature folders',
    () => {
      const result = run({
        ...clean,
        'src/common/filter.ts': "import { user } from '../users/users.service.js';\nexport const filter = user;\n",
        'client/server-peek.ts': "import { now } from '../src/common/clock.js';\nexport const peek = now;\n",
        'nest/module.ts': "import { app } from '../src/app.module.js';\nexport const nest = app;\n",
        'account-page/main.ts': "import { session } from '../src/sessions/sessions.service.js';\nexport const page = session;\n",
        // No file imports itself back: users.view.ts → sessions.service.ts → users.service.ts is a chain of files,
        // yet the users and sessions folders depend on each other.
        'src/users/users.view.ts': "import { session } from '../sessions/sessions.service.js';\nexport const view = session;\n",
      });
      expect(result.status).toBe(1);
      expect(result.violations).toEqual([
        'client-imports-no-server: account-page/main.ts → src/sessions/sessions.service.ts',
        'client-imports-no-server: client/server-peek.ts → src/common/clock.ts',
        'client-imports-no-server: nest/module.ts → src/app.module.ts',
        'common-imports-no-feature: src/common/filter.ts → src/users/users.service.ts',
        'no-feature-cycle: sessions, users reach each other through',
      ]);
      expect(result.stderr).toContain('sessions → users (src/sessions/sessions.service.ts → src/users/users.service.ts)');
      expect(result.stderr).toContain('users → sessions (src/users/users.view.ts → src/sessions/sessions.service.ts)');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'fails on a relative import it cannot resolve rather than passing it unjudged',
    () => {
      const result = run({ ...clean, 'src/users/broken.ts': "import { gone } from '../common/gone.js';\nexport const broken = gone;\n" });
      expect(result).toMatchObject({ status: 1, violations: ['not-to-unresolvable: src/users/broken.ts → ../common/gone.js'] });
    },
    RUN_TIMEOUT_MS,
  );
});
