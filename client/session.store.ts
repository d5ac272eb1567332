import type { StoredSession, TokenStorage } from './types.js';

/** The session pair in the (possibly shared) storage, under the client's key. */
export class SessionStore {
  constructor(
    readonly storage: TokenStorage,
    readonly key: string,
  ) {}

  async read(): Promise<StoredSession | undefined> {
    const raw = await this.storage.get(this.key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredSession;
    } catch {
      return undefined;
    }
  }

  async write(session: StoredSession): Promise<void> {
    await this.storage.set(this.key, JSON.stringify(session));
  }

  async clear(): Promise<void> {
    await this.storage.remove(this.key);
  }
}
