import { describe, expect, it } from '@jest/globals';
import { SERVICE_HEARTBEAT_PREFIX, decodeInvalidation, encodeInvalidation } from './invalidation.js';

describe('invalidation messages', () => {
  it('round-trips the three kinds', () => {
    for (const message of [{ kind: 'user', id: 'u-1' }, { kind: 'session', id: 's-1' }, { kind: 'all' }] as const)
      expect(decodeInvalidation(encodeInvalidation(message))).toEqual(message);
  });

  it("ignores heartbeats (the service's, a guard's) and kinds it does not know, so they can be added without breaking older instances", () => {
    for (const raw of [`${SERVICE_HEARTBEAT_PREFIX}0b6e2d8c-3f9a-4c55-9d1e-2a7b9c0d1e2f`, 'hb:0b6e2d8c', 'x:future-kind', 'u:', ''])
      expect(decodeInvalidation(raw)).toBeUndefined();
  });
});
