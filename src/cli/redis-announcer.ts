import { Redis } from 'ioredis';
import { encodeInvalidation } from '../revocation/invalidation.js';
import type { AnnounceUserChange } from './run-cli.js';

/** Publishes on the channel the service's instances listen to (see RedisInvalidationBus). */
export async function withRedisAnnouncer(
  url: string,
  keyPrefix: string,
  work: (announce: AnnounceUserChange) => Promise<number>,
): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5000 });
  try {
    return await work(async (userId) => {
      await redis.publish(`${keyPrefix}invalidate`, encodeInvalidation({ kind: 'user', id: userId }));
    });
  } finally {
    redis.disconnect();
  }
}
