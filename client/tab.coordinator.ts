import { Clock, sleep } from './client.clock.js';
import type { SignOutReason, TokenStorage } from './types.js';

const LOCK_TIMEOUT_MS = 10_000;
/** A lease in storage stands in for Web Locks where the platform has none (Node 20). */
const LEASE_MS = 10_000;
const LEASE_POLL_MS = 50;

/** What tabs tell each other; scoped to one session, so unrelated clients never react to it. */
export type Broadcast = { type: 'refreshed'; sessionId: string } | { type: 'signedOut'; sessionId: string; reason: SignOutReason };

/** BroadcastChannel as browsers and Node both offer it (typed here so the SDK needs no DOM typings). */
interface Channel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: Broadcast }) => void) | null;
  unref?(): void;
}

/** The Web Locks API where the platform has it (browsers); absent in Node 20. */
interface Locks {
  request<T>(name: string, options: { signal: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

interface Lease {
  owner: string;
  until: number;
}

/** Clients sharing a storage and key behave as tabs of one app: one renews at a time, all hear the outcome. */
export class TabCoordinator {
  private readonly channel?: Channel;
  private readonly owner = Math.random().toString(36).slice(2);

  constructor(
    private readonly key: string,
    private readonly storage: TokenStorage,
    private readonly clock: Clock,
    onMessage: (message: Broadcast) => Promise<void>,
  ) {
    const ChannelClass = (globalThis as unknown as { BroadcastChannel?: new (name: string) => Channel }).BroadcastChannel;
    this.channel = ChannelClass ? new ChannelClass(key) : undefined;
    // In Node, an open channel would keep the process alive.
    this.channel?.unref?.();
    if (this.channel) this.channel.onmessage = (message) => void onMessage(message.data).catch(() => undefined);
  }

  broadcast(message: Broadcast): void {
    this.channel?.postMessage(message);
  }

  close(): void {
    this.channel?.close();
  }

  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
    if (!locks) return this.withLease(work);
    try {
      // Bounded: a lock held by a frozen tab must not freeze this one.
      return await locks.request(`${this.key}.renew`, { signal: AbortSignal.timeout(LOCK_TIMEOUT_MS) }, work);
    } catch (error) {
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return work();
      throw error;
    }
  }

  /**
   * Where there are no Web Locks: a short lease in the shared storage. Storage has no compare-and-set, so
   * a claim is written on a free lease and then read back: a rival that read "free" at the same time has
   * written its own claim by then, and the last writer alone holds the lease. docs/client.md states the
   * window this leaves. Bounded: after LEASE_MS of waiting we go ahead (a frozen tab must not freeze this one).
   */
  private async withLease<T>(work: () => Promise<T>): Promise<T> {
    const leaseKey = `${this.key}.lease`;
    const deadline = this.clock.wall() + LEASE_MS;
    while (!(await this.claimLease(leaseKey)) && this.clock.wall() < deadline) await sleep(LEASE_POLL_MS);
    try {
      return await work();
    } finally {
      // Never clear a rival's lease (one taken while we went ahead past the deadline).
      if ((await this.readLease(leaseKey))?.owner === this.owner) await this.storage.remove(leaseKey);
    }
  }

  private async claimLease(leaseKey: string): Promise<boolean> {
    const lease = await this.readLease(leaseKey);
    if (lease && lease.owner !== this.owner && lease.until > this.clock.wall()) return false;
    await this.storage.set(leaseKey, JSON.stringify({ owner: this.owner, until: this.clock.wall() + LEASE_MS }));
    return (await this.readLease(leaseKey))?.owner === this.owner;
  }

  private async readLease(leaseKey: string): Promise<Lease | undefined> {
    try {
      return (JSON.parse((await this.storage.get(leaseKey)) ?? 'null') as Lease | null) ?? undefined;
    } catch {
      return undefined;
    }
  }
}
