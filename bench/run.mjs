// Throughput of the guarded hot path: `npm run bench` builds, starts the real service on SQLite in a
// temporary directory, signs a user in, and loads it with autocannon from this process. Results go to
// bench/results.json and are quoted in docs/performance.md. Loopback only; bounded in time.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 3999;
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'autorenew-bench-'));
const server = spawn(process.execPath, ['dist/src/main.js'], {
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function waitForHealth() {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('service did not start');
}

const post = (path, body) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
const run = (options) => new Promise((resolve, reject) => autocannon({ connections: 50, duration: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
const summary = (result) => ({ requestsPerSecond: Math.round(result.requests.average), latencyP50ms: result.latency.p50, latencyP99ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors });

try {
  await waitForHealth();
  await post('/auth/register', { email: 'bench@example.com', password: 'benchmark pass phrase' });
  const tokens = await post('/auth/login', { email: 'bench@example.com', password: 'benchmark pass phrase' });
  const results = {
    date: new Date().toISOString(),
    machine: 'the CI machine: 2 cores, load generator and service sharing them',
    healthNoAuth: summary(await run({ url: `${base}/health` })),
    guardedUsersMe: summary(await run({ url: `${base}/users/me`, headers: { authorization: `Bearer ${tokens.access_token}` } })),
    refresh: summary(await run({ url: `${base}/auth/refresh`, method: 'POST', connections: 1, duration: 5, headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: (request, context) => ({ ...request, body: JSON.stringify({ refresh_token: context.token ?? tokens.refresh_token }) }), onResponse: (status, body, context) => { if (status === 200) context.token = JSON.parse(body).refresh_token; } }] })),
  };
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  server.kill();
}
