// `npm run bench`: every figure the performance targets are judged by, measured side by side in one run
// on this machine (docs/performance.md). Each server runs alone while it is loaded, as its own process;
// GET routes are loaded by wrk (Debian's, installed here when missing), POST routes that need
// per-connection state by autocannon in this process. Loopback only; every load is bounded in time.
// Writes bench/results.json and bench/results.md.
import autocannon from 'autocannon';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MARIADB_URL = process.env.BENCH_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'benchmark pass phrase that is long';
const JWT_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const PRODUCT_CLIENT = { id: 'bench-product', secret: 'bench-product-client-secret-0123456789' };
const children = new Set();

function ensureWrk() {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  console.log('Installing wrk (Debian package) for the benchmark');
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null'], {
    stdio: 'inherit',
  });
}

/** Starts `node script` and resolves once `ready(stdout so far)` answers something truthy. */
function start(script, env, ready) {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const value = ready(output);
      if (value) {
        clearTimeout(timer);
        // Keep draining stdout (request logs) so the child never blocks on a full pipe.
        resolve({ child, value });
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function stop({ child }) {
  children.delete(child);
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** wrk, one thread, 50 connections: requests/s and latency percentiles. */
function wrk(url, headers = {}) {
  const args = [
    '-t1',
    '-c50',
    `-d${SECONDS}s`,
    '--latency',
    ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    url,
  ];
  return parseWrk(execFileSync('wrk', args, { encoding: 'utf8' }));
}

function parseWrk(output) {
  const ms = (label) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(output);
    if (!match) return null;
    const factor = { us: 0.001, ms: 1, s: 1000 }[match[2]];
    return Math.round(Number(match[1]) * factor * 100) / 100;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(output)?.[1] ?? null;
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)[1])),
    p50ms: ms('50'),
    p99ms: ms('99'),
    non2xx,
    errors,
  };
}

function cannon(options) {
  return new Promise((resolve, reject) =>
    autocannon({ duration: SECONDS, ...options }, (error, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: Math.round(result.requests.average),
        p50ms: result.latency.p50,
        p99ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    }),
  );
}

const json = async (response) => ({ status: response.status, body: await response.json().catch(() => null) });
const post = (url, body, headers = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(json);

async function waitForHealth(base) {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} did not start`);
}

async function service(port, env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'autorenew-bench-'));
  // Logging every request at info, as in production, to a file (no reader process sharing the cores).
  const log = openSync(join(dataDir, 'service.log'), 'a');
  const env_ = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    JWT_SECRET,
    REGISTRATIONS_PER_IP_PER_HOUR: '100000',
    ...env,
  };
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...process.env, ...env_ }, stdio: ['ignore', log, 'inherit'] });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  return { child, base };
}

async function signIn(base, email, deviceName) {
  const { body } = await post(`${base}/auth/login`, { email, password: PASSWORD, deviceName });
  if (!body?.access_token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body;
}

const register = (base, email) => post(`${base}/auth/register`, { email, password: PASSWORD });

async function freshMariaDb(name) {
  const connection = await mysql.createConnection(MARIADB_URL);
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await connection.query(`CREATE DATABASE \`${name}\``);
  await connection.end();
  return `${MARIADB_URL}/${name}`;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 100) / 100;
}

async function measureBare() {
  const app = await start('dist/bench/apps/bare-app.js', { PORT: '4101' }, (out) => out.includes('ready'));
  try {
    return wrk('http://127.0.0.1:4101/hello');
  } finally {
    await stop(app);
  }
}

async function measureTutorialGuard() {
  const app = await start('dist/bench/apps/tutorial-guard-app.js', { PORT: '4102' }, (out) => /token (\S+)/.exec(out)?.[1]);
  try {
    return wrk('http://127.0.0.1:4102/me', { Authorization: `Bearer ${app.value}` });
  } finally {
    await stop(app);
  }
}

/** The defaults a new user gets: SQLite, no Redis. */
async function measureServiceOnSqlite() {
  const svc = await service(4103, {});
  try {
    await register(svc.base, 'bench@example.com');
    const tokens = await signIn(svc.base, 'bench@example.com', 'bench');
    const unguarded = wrk(`${svc.base}/.well-known/jwks.json`);
    const guarded = wrk(`${svc.base}/auth/me`, { Authorization: `Bearer ${tokens.access_token}` });
    // Many accounts, as in a real sign-in burst: one account would hit the per-user session cap at once.
    const emails = Array.from({ length: 100 }, (_, i) => `login${i}@example.com`);
    for (const email of emails) await register(svc.base, email);
    let next = 0;
    const body = () => JSON.stringify({ email: emails[next++ % emails.length], password: PASSWORD });
    const login = await cannon({
      url: `${svc.base}/auth/login`,
      method: 'POST',
      connections: 20,
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    });
    return { unguarded, guarded, login };
  } finally {
    await stop(svc);
  }
}

/** The guarded route again, with Prometheus metrics on (issue 15: within 10% of it with metrics off). */
async function measureGuardedWithMetrics() {
  const svc = await service(4106, { METRICS_PORT: '0' });
  try {
    await register(svc.base, 'metrics@example.com');
    const tokens = await signIn(svc.base, 'metrics@example.com', 'bench');
    return wrk(`${svc.base}/auth/me`, { Authorization: `Bearer ${tokens.access_token}` });
  } finally {
    await stop(svc);
  }
}

/**
 * The example product service guarded by autorenew/nest (Express, no Redis, the default 5 s cache): its
 * guarded route, answered from the cache after the first introspection, against its own public route.
 */
async function measureProductApp() {
  const svc = await service(4107, { INTROSPECTION_CLIENTS: `${PRODUCT_CLIENT.id}:${PRODUCT_CLIENT.secret}` });
  try {
    await register(svc.base, 'product@example.com');
    const tokens = await signIn(svc.base, 'product@example.com', 'bench');
    const env = {
      PORT: '4108',
      AUTH_SERVICE_URL: svc.base,
      AUTH_JWT_SECRET: JWT_SECRET,
      AUTH_CLIENT_ID: PRODUCT_CLIENT.id,
      AUTH_CLIENT_SECRET: PRODUCT_CLIENT.secret,
    };
    const app = await start('dist/bench/apps/product-app.js', env, (out) => out.includes('ready'));
    try {
      const mine = await fetch('http://127.0.0.1:4108/products/mine', { headers: { authorization: `Bearer ${tokens.access_token}` } });
      if (mine.status !== 200) throw new Error(`the product app answered ${mine.status}`);
      const unguarded = wrk('http://127.0.0.1:4108/products/catalog');
      const guarded = wrk('http://127.0.0.1:4108/products/mine', { Authorization: `Bearer ${tokens.access_token}` });
      return { productUnguarded: unguarded, productGuarded: guarded };
    } finally {
      await stop(app);
    }
  } finally {
    await stop(svc);
  }
}

/** What argon2id at the service's parameters allows on this machine, 20 verifications at a time. */
async function measureArgon2() {
  const { hash, verify } = await import('@node-rs/argon2');
  const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };
  const encoded = await hash(PASSWORD, options);
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await verify(encoded, PASSWORD);
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return { verificationsPerSecond: Math.round(count / SECONDS) };
}

/** Two instances on one MariaDB and one Redis: refresh under load on A, then revocation A -> B. */
async function measureMariaDbAndRedis() {
  const database = await freshMariaDb('autorenew_bench');
  const shared = { DATABASE_URL: database, REDIS_URL, REDIS_KEY_PREFIX: `autorenew-bench-${process.pid}:` };
  const a = await service(4104, shared);
  const b = await service(4105, shared);
  try {
    await register(a.base, 'refresh@example.com');
    const sessions = [];
    for (let i = 0; i < 50; i += 1) sessions.push((await signIn(a.base, 'refresh@example.com', `device ${i}`)).refresh_token);
    const refresh = wrkRefresh(`${a.base}/auth/refresh`, sessions);
    return { refresh, propagation: await measurePropagation(a.base, b.base) };
  } finally {
    await stop(a);
    await stop(b);
  }
}

/**
 * 50 sessions refreshing at once, each following its own token chain: wrk with one connection per
 * thread (bench/refresh.lua), since autocannon resets per-connection state between requests.
 */
function wrkRefresh(url, tokens) {
  const file = join(mkdtempSync(join(tmpdir(), 'autorenew-bench-')), 'tokens.txt');
  writeFileSync(file, `${tokens.join('\n')}\n`);
  const output = execFileSync(
    'wrk',
    [`-t${tokens.length}`, `-c${tokens.length}`, `-d${SECONDS}s`, '--latency', '-s', 'bench/refresh.lua', url],
    { encoding: 'utf8', env: { ...process.env, REFRESH_TOKENS: file } },
  );
  return parseWrk(output);
}

/** From A's answer to a logout until B refuses the same access token (B had it cached). */
async function measurePropagation(a, b) {
  await register(a, 'propagation@example.com');
  const me = (tokens) => fetch(`${b}/auth/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }).then((r) => r.status);
  const samples = [];
  for (let i = 0; i < 100; i += 1) {
    const tokens = await signIn(a, 'propagation@example.com', `device ${i}`);
    if ((await me(tokens)) !== 200 || (await me(tokens)) !== 200) throw new Error('B did not accept a fresh token');
    const logout = await fetch(`${a}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } });
    if (logout.status !== 204) throw new Error(`logout answered ${logout.status}`);
    const answered = performance.now();
    while ((await me(tokens)) !== 401) {
      if (performance.now() - answered > 5000) throw new Error('B never refused the revoked token');
    }
    samples.push(performance.now() - answered);
  }
  return { samples: samples.length, p50ms: percentile(samples, 50), p99ms: percentile(samples, 99), maxMs: percentile(samples, 100) };
}

function table(results) {
  const r = results.runs;
  const row = (name, m) => `| ${name} | ${m.requestsPerSecond.toLocaleString('en-US')} | ${m.p50ms} ms | ${m.p99ms} ms | ${m.non2xx} |`;
  return [
    '| what | req/s | p50 | p99 | non-2xx |',
    '|---|---|---|---|---|',
    row('bare NestJS 12 Fastify app, unguarded route', r.bareApp),
    row('tutorial guard (passport-jwt, string secret, DB lookup per request), same bare app', r.tutorialGuard),
    row('this service, unguarded `GET /.well-known/jwks.json` (SQLite)', r.serviceUnguarded),
    row('this service, guarded `GET /auth/me` (SQLite)', r.serviceGuarded),
    row('the same, with Prometheus metrics on (`METRICS_PORT`)', r.serviceGuardedWithMetrics),
    row('`POST /auth/login`, 20 at once (SQLite)', r.login),
    row('product app (Express), public `GET /products/catalog`', r.productUnguarded),
    row('product app (Express), `GET /products/mine` guarded by autorenew/nest (cache hits)', r.productGuarded),
    row('`POST /auth/refresh`, 50 sessions at once (MariaDB + Redis)', r.refresh),
    '',
    `argon2id alone (service parameters, 20 at once): ${r.argon2.verificationsPerSecond} verifications/s`,
    `revocation propagation A -> B (Redis, ${r.propagation.samples} samples): p50 ${r.propagation.p50ms} ms, p99 ${r.propagation.p99ms} ms, max ${r.propagation.maxMs} ms`,
    '',
    '| target | reached | goal | met |',
    '|---|---|---|---|',
    ...Object.entries(results.targets).map(([name, t]) => `| ${name} | ${t.value} | ${t.goal} | ${t.met ? 'yes' : 'no'} |`),
  ].join('\n');
}

function targets(r) {
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const guardVsTutorial = ratio(r.serviceGuarded.requestsPerSecond, r.tutorialGuard.requestsPerSecond);
  const guardedVsUnguarded = ratio(r.serviceGuarded.requestsPerSecond, r.serviceUnguarded.requestsPerSecond);
  const unguardedVsBare = ratio(r.serviceUnguarded.requestsPerSecond, r.bareApp.requestsPerSecond);
  const loginVsArgon2 = ratio(r.login.requestsPerSecond, r.argon2.verificationsPerSecond);
  const metricsOnVsOff = ratio(r.serviceGuardedWithMetrics.requestsPerSecond, r.serviceGuarded.requestsPerSecond);
  const productGuardedVsUnguarded = ratio(r.productGuarded.requestsPerSecond, r.productUnguarded.requestsPerSecond);
  return {
    'guarded route / tutorial guard': { value: `${guardVsTutorial}x`, goal: '>= 6x', met: guardVsTutorial >= 6 },
    'guarded / unguarded route': { value: `${Math.round(guardedVsUnguarded * 100)}%`, goal: '>= 70%', met: guardedVsUnguarded >= 0.7 },
    'unguarded route / bare app': { value: `${Math.round(unguardedVsBare * 100)}%`, goal: '>= 50%', met: unguardedVsBare >= 0.5 },
    'refresh throughput (MariaDB)': {
      value: `${r.refresh.requestsPerSecond}/s`,
      goal: '>= 1,000/s',
      met: r.refresh.requestsPerSecond >= 1000,
    },
    'refresh p99 (MariaDB)': { value: `${r.refresh.p99ms} ms`, goal: '< 50 ms', met: r.refresh.p99ms < 50 },
    'login / argon2 capacity': { value: `${Math.round(loginVsArgon2 * 100)}%`, goal: '>= 90%', met: loginVsArgon2 >= 0.9 },
    'guarded route, metrics on / off': { value: `${Math.round(metricsOnVsOff * 100)}%`, goal: '>= 90%', met: metricsOnVsOff >= 0.9 },
    'product app, guarded / unguarded route (autorenew/nest)': {
      value: `${Math.round(productGuardedVsUnguarded * 100)}%`,
      goal: '>= 70%',
      met: productGuardedVsUnguarded >= 0.7,
    },
    'propagation p99': { value: `${r.propagation.p99ms} ms`, goal: '<= 100 ms', met: r.propagation.p99ms <= 100 },
  };
}

try {
  ensureWrk();
  const runs = {};
  runs.bareApp = await measureBare();
  runs.tutorialGuard = await measureTutorialGuard();
  Object.assign(
    runs,
    (({ unguarded, guarded, login }) => ({ serviceUnguarded: unguarded, serviceGuarded: guarded, login }))(await measureServiceOnSqlite()),
  );
  runs.serviceGuardedWithMetrics = await measureGuardedWithMetrics();
  Object.assign(runs, await measureProductApp());
  runs.argon2 = await measureArgon2();
  Object.assign(runs, await measureMariaDbAndRedis());
  const results = {
    date: new Date().toISOString(),
    machine: `${(await import('node:os')).cpus().length} cores; each server alone under load, the load generator on the other core`,
    seconds: SECONDS,
    runs,
  };
  results.targets = targets(runs);
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync('bench/results.md', `${table(results)}\n`);
  console.log(table(results));
} finally {
  for (const child of children) child.kill('SIGKILL');
}
