import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Metrics } from '../src/metrics/metrics.js';
import { MetricsServer } from '../src/metrics/metrics-server.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, registerUser, signedInUser } from './factories/user.factory.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { Sample, parsePrometheusText, valueOf } from './support/prometheus-text.js';
import { TestApp, createTestApp } from './support/test-app.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;

describe('Prometheus metrics (METRICS_PORT)', () => {
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    // Behind a trusted proxy, so the throttled attempt speaks from an address of its own.
    t = await createTestApp({ METRICS_PORT: '0', TRUST_PROXY: 'true' });
    metricsUrl = `http://127.0.0.1:${t.app.get(MetricsServer).port}/metrics`;
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };
  const increments = (before: Sample[], after: Sample[], name: string, labelName: string) => {
    const values = new Set(after.filter((sample) => sample.name === name).map((sample) => sample.labels[labelName]));
    const deltas: Record<string, number> = {};
    for (const value of values) {
      const delta = valueOf(after, name, { [labelName]: value }) - valueOf(before, name, { [labelName]: value });
      if (delta !== 0) deltas[value] = delta;
    }
    return deltas;
  };

  it('counts sign-ins, refreshes, revocations, 401s and 429s exactly, and no label value names a person, an address or a token', async () => {
    const before = await scrape();
    const user = await signedInUser(t.http);
    await t.http.post('/auth/login').send({ email: user.email, password: 'not the password' }).expect(401);
    const victim = await registerUser(t.http);
    const attacker = '198.51.100.7';
    for (let i = 0; i < 5; i += 1)
      await t.http
        .post('/auth/login')
        .set('X-Forwarded-For', attacker)
        .send({ email: victim.email, password: `guess ${i}` })
        .expect(401);
    await t.http.post('/auth/login').set('X-Forwarded-For', attacker).send({ email: victim.email, password: victim.password }).expect(429);
    const admin = await signedInAdmin(t);
    const disabled = await signedInUser(t.http);
    await t.http.patch(`/admin/users/${disabled.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
    await t.http.post('/auth/login').send({ email: disabled.email, password: disabled.password }).expect(401);

    const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
    await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200);
    t.clock.advanceSeconds(11);
    await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401);
    await t.http.post('/auth/refresh').send({ refresh_token: rotated.refresh_token }).expect(401);
    await t.http.post('/auth/refresh').send({ refresh_token: 'rt1.forged' }).expect(401);

    const other = await signedInUser(t.http);
    await t.http.post('/auth/logout-all').set(bearer(other.tokens)).expect(204);
    await t.http.get('/users/me').set(bearer(other.tokens)).expect(401);
    await t.http.get('/users/me').expect(401);
    const after = await scrape();

    // user, admin, disabled and other signed in; one wrong password, five guesses; then the 429 and the disabled account.
    expect(increments(before, after, 'autorenew_logins_total', 'outcome')).toEqual({
      success: 4,
      invalid_credentials: 6,
      throttled: 1,
      disabled: 1,
    });
    expect(increments(before, after, 'autorenew_refreshes_total', 'outcome')).toEqual({
      rotated: 1,
      grace_reissue: 1,
      reuse_detected: 1,
      revoked: 1,
      invalid: 1,
    });
    expect(increments(before, after, 'autorenew_revocations_total', 'cause')).toEqual({ admin: 1, reuse: 1, logout_all: 1 });
    expect(increments(before, after, 'autorenew_http_unauthorized_total', 'code')).toEqual({
      INVALID_CREDENTIALS: 7,
      INVALID_REFRESH_TOKEN: 2,
      SESSION_REVOKED: 1,
      TOKEN_REVOKED: 1,
      TOKEN_MISSING: 1,
    });
    expect(increments(before, after, 'autorenew_throttled_total', 'limiter')).toEqual({ 'login-account-ip': 1 });
    // Five accounts registered (five new passwords); eleven sign-ins reached argon2 (not the throttled one).
    expect(increments(before, after, 'autorenew_password_hash_duration_seconds_count', 'operation')).toEqual({ hash: 5, verify: 11 });

    const secrets = [user, victim, admin, disabled, other].flatMap((person) => [person.email, person.id, person.password]);
    const tokens = [user.tokens, admin.tokens, other.tokens, rotated].flatMap((pair) => [
      pair.access_token,
      pair.refresh_token,
      pair.session_id,
    ]);
    for (const sample of after) {
      for (const value of Object.values(sample.labels)) {
        expect({
          sample: sample.name,
          value,
          personal: value.includes('@') || UUID.test(value) || IPV4.test(value) || value.includes('rt1.') || value.startsWith('eyJ'),
        }).toMatchObject({ personal: false });
        for (const secret of [...secrets, ...tokens, attacker, '127.0.0.1']) expect(value.includes(secret)).toBe(false);
      }
    }
  });

  it('counts an expired session, a password change, a reset and a device signed out by its owner by their own names', async () => {
    const user = await signedInUser(t.http);
    const laptop = (await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
    const before = await scrape();
    await t.http.delete(`/sessions/${laptop.session_id}`).set(bearer(user.tokens)).expect(204);
    await t.http
      .post('/auth/password')
      .set(bearer(user.tokens))
      .send({ currentPassword: user.password, newPassword: `new ${user.password}` })
      .expect(200);
    const forgetful = await signedInUser(t.http);
    await t.http.post('/auth/password/forgot').send({ email: forgetful.email }).expect(202);
    const resetToken = resetTokenFrom((await readOutbox(t)).find((mail) => mail.to.includes(forgetful.email))!);
    await t.http
      .post('/auth/password/reset')
      .send({ token: resetToken, newPassword: `reset ${forgetful.password}` })
      .expect(200);
    const idle = await signedInUser(t.http);
    t.clock.advanceSeconds(8 * 86400);
    await t.http.post('/auth/refresh').send({ refresh_token: idle.tokens.refresh_token }).expect(401);
    const after = await scrape();
    expect(increments(before, after, 'autorenew_revocations_total', 'cause')).toEqual({ device: 1, password_change: 1, password_reset: 1 });
    expect(increments(before, after, 'autorenew_refreshes_total', 'outcome')).toEqual({ expired: 1 });
  });

  it('times requests by route template and status class; unknown routes share one label value', async () => {
    const user = await signedInUser(t.http);
    const before = await scrape();
    const sessionId = user.tokens.session_id;
    await t.http.patch(`/sessions/${sessionId}`).set(bearer(user.tokens)).send({ deviceName: 'Desk' }).expect(200);
    await t.http.get(`/no-such-route/${randomUUID()}`).expect(404);
    const after = await scrape();
    const count = (samples: Sample[], labels: Record<string, string>) =>
      valueOf(samples, 'autorenew_http_request_duration_seconds_count', labels);
    expect(
      count(after, { route: '/sessions/:id', method: 'PATCH', status_class: '2xx' }) -
        count(before, { route: '/sessions/:id', method: 'PATCH', status_class: '2xx' }),
    ).toBe(1);
    expect(
      count(after, { route: 'unmatched', method: 'GET', status_class: '4xx' }) -
        count(before, { route: 'unmatched', method: 'GET', status_class: '4xx' }),
    ).toBe(1);
    const routes = new Set(
      after.filter((sample) => sample.name === 'autorenew_http_request_duration_seconds_count').map((sample) => sample.labels.route),
    );
    expect([...routes].filter((route) => route.includes(sessionId) || route.startsWith('/no-such-route'))).toEqual([]);
  });

  it('reports the guard cache, the hashing pools and the process', async () => {
    const user = await signedInUser(t.http);
    const before = await scrape();
    await t.http.get('/auth/me').set(bearer(user.tokens)).expect(200);
    await t.http.get('/auth/me').set(bearer(user.tokens)).expect(200);
    await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
    const after = await scrape();
    const delta = (name: string) => valueOf(after, name) - valueOf(before, name);
    expect({
      misses: delta('autorenew_auth_cache_misses_total'),
      hits: delta('autorenew_auth_cache_hits_total'),
      invalidations: delta('autorenew_auth_cache_invalidations_total'),
    }).toEqual({
      misses: 1,
      hits: 2,
      invalidations: 1,
    });
    expect(increments(before, after, 'autorenew_revocations_total', 'cause')).toEqual({ logout: 1 });
    expect(valueOf(after, 'autorenew_auth_cache_enabled')).toBe(1);
    expect(valueOf(after, 'autorenew_auth_cache_last_invalidation_age_seconds')).toBeLessThan(5);
    for (const pool of ['sign_in', 'new_password']) {
      expect(valueOf(after, 'autorenew_password_hash_in_flight', { pool })).toBe(0);
      expect(valueOf(after, 'autorenew_password_hash_queued', { pool })).toBe(0);
      expect(after.some((sample) => sample.name === 'autorenew_password_hash_rejected_total' && sample.labels.pool === pool)).toBe(true);
    }
    expect(after.some((sample) => sample.name === 'autorenew_nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(after.some((sample) => sample.name === 'autorenew_process_cpu_seconds_total')).toBe(true);
  });

  it('serves metrics only on their own loopback listener: the API port answers 404 on /metrics', async () => {
    const server = t.app.get<unknown, { server: { address(): { address: string } } }>(MetricsServer);
    expect(server.server.address().address).toBe('127.0.0.1');
    await t.http.get('/metrics').expect(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
  });
});

describe('metrics without METRICS_PORT', () => {
  it('builds no registry, opens no listener and records nothing', async () => {
    const t = await createTestApp();
    try {
      expect(t.app.get(Metrics).enabled).toBe(false);
      expect(t.app.get(Metrics).registry).toBeUndefined();
      expect(t.app.get(MetricsServer).port).toBeUndefined();
      await t.http.get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });
});
