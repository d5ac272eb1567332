import type { TestApp } from './test-app.js';

/** Puts the in-process app on a loopback port, for clients that speak real HTTP; answers its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}
