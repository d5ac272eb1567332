import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { API_DOCS_CSP } from './api-docs-csp.js';
import { createOpenApiDocument, serializeOpenApiDocument } from './openapi-document.js';

export const API_DOCS_PATH = '/docs';
/** The OpenAPI document as served, byte for byte the committed openapi.json. */
export const API_DOCS_JSON_PATH = `${API_DOCS_PATH}/json`;

/** Swagger UI's files served here, and their types: nothing else of the package (no sample page, no source maps). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>autorenew API</title>
    <link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${API_DOCS_PATH}/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${API_DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

/**
 * A file rather than an inline script, so the page's CSP needs no 'unsafe-inline'. BaseLayout: no
 * standalone preset, whose inline <style> the CSP would refuse; no validator badge, which would send the
 * document to swagger.io.
 */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '${API_DOCS_JSON_PATH}', dom_id: '#swagger-ui', deepLinking: true, layout: 'BaseLayout', validatorUrl: 'none' });\n`;

/**
 * Swagger UI at /docs and the OpenAPI document at /docs/json, unless API_DOCS=false. Plain Fastify routes
 * in a scope of their own, like the account page: outside the API's guard and route table, with their
 * own CSP. The document is built from the running app on first request and kept.
 */
export async function registerApiDocs(app: NestFastifyApplication, config: Pick<AppConfig, 'apiDocs'>): Promise<void> {
  if (!config.apiDocs.enabled) return;
  let json: string | undefined;
  const documentJson = () => (json ??= serializeOpenApiDocument(createOpenApiDocument(app)));
  await app.register(apiDocsPlugin, { documentJson, assetsRoot: swaggerUiAssetsRoot() });
}

async function apiDocsPlugin(instance: FastifyInstance, options: { documentJson: () => string; assetsRoot: string }): Promise<void> {
  // Runs after the global hook that sets the API's headers: this scope's policy replaces `default-src 'none'`.
  instance.addHook('onRequest', async (_request, reply) => {
    reply.header('Content-Security-Policy', API_DOCS_CSP);
  });
  instance.get(API_DOCS_PATH, (_request, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(PAGE));
  instance.get(`${API_DOCS_PATH}/init.js`, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(INIT_SCRIPT),
  );
  instance.get(API_DOCS_JSON_PATH, (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('Cache-Control', 'no-cache').send(options.documentJson()),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    instance.get(`${API_DOCS_PATH}/${file}`, (_request, reply) =>
      reply
        .type(type)
        .header('Cache-Control', 'public, max-age=86400')
        .send(createReadStream(join(options.assetsRoot, file))),
    );
  }
}

/** swagger-ui-dist as @nestjs/swagger, which depends on it, resolves it (it is not our own dependency). */
function swaggerUiAssetsRoot(): string {
  const fromSwagger = createRequire(createRequire(import.meta.url).resolve('@nestjs/swagger'));
  return (fromSwagger('swagger-ui-dist/absolute-path.js') as () => string)();
}
