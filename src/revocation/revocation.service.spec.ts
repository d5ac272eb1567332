import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../common/clock/fake-clock.js';
import type { Transactions } from '../common/database/transactions.service.js';
import { Metrics } from '../metrics/metrics.js';
import type { InvalidationBus } from './invalidation-bus.js';
import type { RevocationRepository } from './revocation.repository.js';
import { RevocationService } from './revocation.service.js';

function serviceWith(ended: boolean) {
  const metrics = new Metrics(true);
  const repository = { revokeOne: async () => ended, revokeMany: async () => (ended ? 1 : 0) } as unknown as RevocationRepository;
  const bus = { announce: async () => undefined } as unknown as InvalidationBus;
  const transactions = { afterCommit: async (_manager: unknown, callback: () => Promise<void>) => callback() } as unknown as Transactions;
  return { sut: new RevocationService(repository, bus, transactions, new FakeClock(), metrics), metrics };
}

const revocations = async (metrics: Metrics) =>
  (await metrics.registry!.getSingleMetric('autorenew_revocations_total')!.get()).values.map(({ labels, value }) => [labels.cause, value]);

describe('RevocationService', () => {
  describe('revokeSession', () => {
    it('counts a revocation by its cause only when it ended the session', async () => {
      const live = serviceWith(true);
      await live.sut.revokeSession('s1', 'reuse');
      expect(await revocations(live.metrics)).toEqual([['reuse', 1]]);
      // Two replays racing: the second finds the session already ended, and ended nothing.
      const gone = serviceWith(false);
      await gone.sut.revokeSession('s1', 'reuse');
      await gone.sut.revokeSessions('u1', ['s1'], 'device');
      expect(await revocations(gone.metrics)).toEqual([]);
    });
  });
});
