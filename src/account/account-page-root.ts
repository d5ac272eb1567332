import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where `npm run build` puts the page (account-page/build.mjs): dist/account-page, found from this file
 * whether it runs compiled (dist/src/account) or from source under the tests (src/account).
 */
export const ACCOUNT_PAGE_ROOT =
  basename(resolve(here, '../..')) === 'dist' ? resolve(here, '../../account-page') : resolve(here, '../../dist/account-page');

export function accountPageBuilt(root: string = ACCOUNT_PAGE_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}
