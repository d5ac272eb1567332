import { beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { FakeAutorenewClock } from './fake-autorenew-clock.js';
import { LivenessCache } from './liveness-cache.js';
import { HEARTBEAT_STALE_MS, RedisInvalidationListener } from './redis-invalidation.listener.js';

// The package logs outages and refusals; the specs assert the outcomes instead.
Logger.overrideLogger(false);

const session = { userId: 'alice', sessionId: 'a-phone', role: 'user', ver: 0 };
const claims = { sub: 'alice', sid: 'a-phone', ver: 0 };

/** The listener's rules without a Redis server: messages and heartbeats are handed to it directly. */
describe('RedisInvalidationListener', () => {
  let now: number;
  let cache: LivenessCache;
  let sut: RedisInvalidationListener;

  beforeEach(() => {
    now = 0;
    cache = new LivenessCache({ ttlMs: 60_000, enabled: true }, new FakeAutorenewClock());
    sut = new RedisInvalidationListener('redis://127.0.0.1:1', 'autorenew:', cache, () => now);
  });

  const cacheAlice = () => cache.fill(session, cache.beginRead());
  const SERVICE_HEARTBEAT = 'hb:svc:5f0c7a1e-instance-1';
  const hearBoth = () => {
    sut.receive(SERVICE_HEARTBEAT);
    sut.receive(sut.heartbeatPayload);
  };

  it("keeps the cache off until it hears its own heartbeat and the service's", () => {
    cacheAlice();
    expect(cache.get(claims)).toBeUndefined();
    sut.receive('hb:another-product-instance');
    sut.receive(SERVICE_HEARTBEAT);
    expect(cache.isEnabled).toBe(false);
    sut.receive(sut.heartbeatPayload);
    cacheAlice();
    expect(cache.get(claims)).toEqual(session);
  });

  it('keeps the cache off while it hears only its own heartbeat (a wrong key prefix or Redis server: the service is not there)', () => {
    for (let i = 0; i < 10; i += 1) {
      now += 500;
      sut.receive(sut.heartbeatPayload);
      sut.tick();
    }
    expect(cache.isEnabled).toBe(false);
    cacheAlice();
    expect(cache.get(claims)).toBeUndefined();
  });

  it("applies the service's messages, several to a payload", () => {
    hearBoth();
    cacheAlice();
    sut.receive('s:other u:bob');
    expect(cache.get(claims)).toEqual(session);
    sut.receive('s:other u:alice');
    expect(cache.get(claims)).toBeUndefined();
    cacheAlice();
    sut.receive('*');
    expect(cache.get(claims)).toBeUndefined();
  });

  it('turns the cache off once its heartbeat has not been heard for too long', () => {
    hearBoth();
    cacheAlice();
    now = HEARTBEAT_STALE_MS;
    sut.tick();
    expect(cache.get(claims)).toEqual(session);
    now = HEARTBEAT_STALE_MS + 1;
    sut.tick();
    expect(cache.isEnabled).toBe(false);
    expect(cache.get(claims)).toBeUndefined();
  });

  it("turns the cache off once the service's heartbeat has not been heard for too long, though its own still is", () => {
    hearBoth();
    cacheAlice();
    for (now = 500; now <= HEARTBEAT_STALE_MS + 500; now += 500) {
      sut.receive(sut.heartbeatPayload);
      sut.tick();
    }
    expect(cache.isEnabled).toBe(false);
    // Back once the service is heard again, and empty.
    sut.receive(SERVICE_HEARTBEAT);
    expect(cache.isEnabled).toBe(true);
    expect(cache.get(claims)).toBeUndefined();
  });
});
