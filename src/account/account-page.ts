import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { ACCOUNT_PAGE_CSP } from './account-page-csp.js';
import { ACCOUNT_PAGE_ROOT, accountPageBuilt } from './account-page-root.js';

export const ACCOUNT_PAGE_PATH = '/account';

/**
 * Serves the account page (account-page/, a plain client of the public API and the SDK) at /account with
 * its own strict CSP. Plain Fastify routes rather than a Nest controller: static files, outside the API's
 * guard and route table, in a scope of their own so the API's per-request work is unchanged.
 */
export async function registerAccountPage(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'accountPage'>,
  root: string = ACCOUNT_PAGE_ROOT,
): Promise<void> {
  if (!config.accountPage.enabled) return;
  if (!accountPageBuilt(root)) {
    new Logger('AccountPage').warn(`The account page is not built (no ${root}/index.html): run npm run build`);
    return;
  }
  await app.register(accountPagePlugin, { root });
}

async function accountPagePlugin(instance: FastifyInstance, options: { root: string }): Promise<void> {
  // Runs after helmet's global hook: this scope's policy replaces the API's `default-src 'none'`.
  instance.addHook('onRequest', async (_request, reply) => {
    reply.header('Content-Security-Policy', ACCOUNT_PAGE_CSP);
    reply.header('Cache-Control', 'no-cache');
  });
  // Routes for exactly the built files, found at startup; anything else is the API's 404.
  await instance.register(fastifyStatic, { root: options.root, prefix: `${ACCOUNT_PAGE_PATH}/`, wildcard: false, cacheControl: false });
  instance.get(ACCOUNT_PAGE_PATH, (_request, reply) => reply.sendFile('index.html'));
}
