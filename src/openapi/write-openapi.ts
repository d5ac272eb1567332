import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { appOpenApiDocument } from './app-openapi-document.js';
import { serializeOpenApiDocument } from './openapi-document.js';

/** `npm run openapi`: writes openapi.json, at the repository root (the working directory), from the code. */
async function main(): Promise<void> {
  writeFileSync('openapi.json', serializeOpenApiDocument(await appOpenApiDocument()));
  console.log('openapi.json written');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
