import { describe, expect, it } from '@jest/globals';
import { Metrics } from './metrics.js';

describe('Metrics', () => {
  describe('constructor', () => {
    it('gives each instance a registry of its own, so two apps in one process do not collide', async () => {
      const first = new Metrics(true);
      const second = new Metrics(true);
      first.login('success');
      expect(first.registry).not.toBe(second.registry);
      expect(await first.registry?.getSingleMetricAsString('autorenew_logins_total')).toContain('autorenew_logins_total{outcome="success"} 1');
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
