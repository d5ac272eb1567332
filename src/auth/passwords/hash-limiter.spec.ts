import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain.error.js';
import { HashLimiter } from './hash-limiter.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('HashLimiter', () => {
  describe('run', () => {
    it('runs at most maxConcurrent at once and queues the next ones in order', async () => {
      const sut = new HashLimiter(2, 10);
      const gates = [deferred(), deferred(), deferred()];
      const started: number[] = [];
      const runs = gates.map((gate, index) =>
        sut.run(async () => {
          started.push(index);
          await gate.promise;
          return index;
        }),
      );
      await Promise.resolve();
      expect(started).toEqual([0, 1]);
      gates[0].resolve();
      await runs[0];
      await Promise.resolve();
      expect(started).toEqual([0, 1, 2]);
      gates[1].resolve();
      gates[2].resolve();
      await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
    });

    it('refuses at once with 503 SERVICE_UNAVAILABLE and Retry-After when the queue is full', async () => {
      const sut = new HashLimiter(1, 1);
      const gate = deferred();
      const first = sut.run(() => gate.promise);
      const second = sut.run(async () => 'queued');
      const error = await sut.run(async () => 'refused').catch((caught: DomainError) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, headers: { 'Retry-After': '1' } });
      gate.resolve();
      await first;
      await expect(second).resolves.toBe('queued');
    });

    it('reports running, queued and rejected work for the metrics', async () => {
      const sut = new HashLimiter(1, 1);
      const gate = deferred();
      const first = sut.run(() => gate.promise);
      const second = sut.run(async () => 'queued');
      await sut.run(async () => 'refused').catch(() => undefined);
      expect(sut.stats()).toEqual({ running: 1, queued: 1, rejected: 1 });
      gate.resolve();
      await Promise.all([first, second]);
      expect(sut.stats()).toEqual({ running: 0, queued: 0, rejected: 1 });
    });

    it('frees its slot when the work fails', async () => {
      const sut = new HashLimiter(1, 0);
      await expect(sut.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      await expect(sut.run(async () => 'next')).resolves.toBe('next');
    });
  });
});
