import { Injectable } from '@nestjs/common';
import { AuthStateCache } from './auth-state-cache.js';
import { AuthState } from './auth-state.js';
import { AuthStateRepository } from './auth-state.repository.js';

/** The guard's source of auth state: this instance's cache, filled from the database on a miss. */
@Injectable()
export class AuthStateService {
  constructor(
    private readonly cache: AuthStateCache,
    private readonly repository: AuthStateRepository,
  ) {}

  /** What the cache holds (`null`: no such session), or undefined when it must be read. */
  cached(sessionId: string): AuthState | null | undefined {
    return this.cache.get(sessionId);
  }

  /** Reads the database and caches the answer, unless an invalidation arrived meanwhile. */
  async read(sessionId: string): Promise<AuthState | null> {
    const epoch = this.cache.beginRead();
    const state = await this.repository.find(sessionId);
    this.cache.fill(sessionId, state, epoch);
    return state ?? null;
  }
}
