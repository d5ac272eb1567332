import { describe, expect, it } from '@jest/globals';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  describe('constructor', () => {
    it('gives each instance a registry of its own, so two apps in one process do not collide', async () => {
      const first = new Metrics(true);
      const second = new Metrics(true);
      first.login('success');
      expect(first.registry).not.toBe(second.registry);
      expect(await first.registry?.getSingleMetricAsString('autorenew_logins_total')).toContain(
        'autorenew_logins_total{outcome="success"} 1',
      );
      expect(await second.registry?.getSingleMetricAsString('autorenew_logins_total')).not.toContain('outcome="success"');
    });

    it('builds nothing when off, and every recording is a no-op', async () => {
      const sut = Metrics.disabled();
      expect(sut.enabled).toBe(false);
      expect(sut.registry).toBeUndefined();
      sut.login('success');
      sut.requestDone('/auth/me', 'GET', 200, 0.001);
      await expect(sut.timeHash('verify', async () => 'done')).resolves.toBe('done');
    });
  });

  describe('watch', () => {
    it('reads the cache, the hashing pools and Redis when scraped', async () => {
      const sut = new Metrics(true);
      const pool = { running: 2, queued: 3, rejected: 4 };
      let subscriber = true;
      sut.watch({
        authCache: () => ({ enabled: false, hits: 7, misses: 5, invalidations: 2, lastInvalidationAgeSeconds: 1.5 }),
        hashPools: () => ({ sign_in: pool, new_password: { running: 0, queued: 0, rejected: 1 } }),
        redisConnected: () => ({ commands: true, subscriber }),
      });
      subscriber = false;
      const text = await sut.registry!.metrics();
      for (const line of [
        'autorenew_auth_cache_hits_total 7',
        'autorenew_auth_cache_misses_total 5',
        'autorenew_auth_cache_invalidations_total 2',
        'autorenew_auth_cache_enabled 0',
        'autorenew_auth_cache_last_invalidation_age_seconds 1.5',
        'autorenew_password_hash_in_flight{pool="sign_in"} 2',
        'autorenew_password_hash_queued{pool="sign_in"} 3',
        'autorenew_password_hash_rejected_total{pool="sign_in"} 4',
        'autorenew_password_hash_rejected_total{pool="new_password"} 1',
        'autorenew_redis_connected{connection="commands"} 1',
        'autorenew_redis_connected{connection="subscriber"} 0',
      ]) {
        expect(text).toContain(`\n${line}\n`);
      }
    });

    it('reports no Redis gauge without REDIS_URL', async () => {
      const sut = new Metrics(true);
      sut.watch({
        authCache: () => ({ enabled: true, hits: 0, misses: 0, invalidations: 0, lastInvalidationAgeSeconds: 0 }),
        hashPools: () => ({ sign_in: { running: 0, queued: 0, rejected: 0 }, new_password: { running: 0, queued: 0, rejected: 0 } }),
      });
      expect(await sut.registry!.metrics()).not.toContain('autorenew_redis_connected');
    });
  });

  describe('requestDone', () => {
    it('observes by route template, method and status class', async () => {
      const sut = new Metrics(true);
      sut.requestDone('/sessions/:id', 'DELETE', 204, 0.002);
      sut.requestDone('/sessions/:id', 'DELETE', 201, 0.002);
      sut.requestDone('/sessions/:id', 'DELETE', 404, 0.002);
      const text = await sut.registry?.getSingleMetricAsString('autorenew_http_request_duration_seconds');
      expect(text).toContain('autorenew_http_request_duration_seconds_count{route="/sessions/:id",method="DELETE",status_class="2xx"} 2');
      expect(text).toContain('autorenew_http_request_duration_seconds_count{route="/sessions/:id",method="DELETE",status_class="4xx"} 1');
    });
  });
});
