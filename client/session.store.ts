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

  /** Kept apart from the session and across sign-outs: it only says this device signed in before. */
  async deviceToken(): Promise<string | undefined> {
    return (await this.storage.get(`${this.key}.device`)) || undefined;
  }

  async keepDeviceToken(token: string): Promise<void> {
    await this.storage.set(`${this.key}.device`, token);
  }
}
