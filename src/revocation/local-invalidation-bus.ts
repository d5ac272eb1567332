import { Injectable } from '@nestjs/common';
import { AuthStateCache } from './auth-state-cache.js';
import { InvalidationBus } from './invalidation-bus.js';
import { Invalidation } from './invalidation.js';

/** Without REDIS_URL there is one instance: its own cache is the only one to tell. */
@Injectable()
export class LocalInvalidationBus extends InvalidationBus {
  constructor(private readonly cache: AuthStateCache) {
    super();
  }

  async announce(messages: Invalidation[]): Promise<void> {
    for (const message of messages) this.cache.apply(message);
  }
}
