import { Invalidation } from './invalidation.js';

/**
 * Tells every instance's auth-state cache that some state changed. `announce` applies the message to
 * this instance's cache before it resolves, so this instance's next request already sees it.
 */
export abstract class InvalidationBus {
  abstract announce(messages: Invalidation[]): Promise<void>;
}
