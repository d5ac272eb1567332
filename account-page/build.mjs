// Builds the account page into dist/account-page: the TypeScript entry (with the client SDK) bundled by
// esbuild into one ES module, beside the HTML, CSS and icon. Run by `npm run build`.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('.', import.meta.url));
const target = fileURLToPath(new URL('../dist/account-page/', import.meta.url));
const STATIC_FILES = ['index.html', 'styles.css', 'favicon.svg'];

export async function buildAccountPage() {
  await mkdir(target, { recursive: true });
  await build({
    entryPoints: [`${source}main.ts`],
    outfile: `${target}app.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    tsconfig: `${source}tsconfig.json`,
    logLevel: 'warning',
  });
  await Promise.all(STATIC_FILES.map((file) => copyFile(`${source}${file}`, `${target}${file}`)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAccountPage();
