import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate.js';
import { afterCommit, currentManager, currentTransaction } from './transaction-context.js';
import { Transactions } from './transactions.service.js';

const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
const sut = new Transactions(dataSource);
const count = async () => Number((await dataSource.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM t'))[0].n);

beforeAll(async () => {
  SqliteTransactionGate.install(dataSource);
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE t (id INTEGER PRIMARY KEY)');
});

afterAll(() => dataSource.destroy());

describe('Transactions', () => {
  describe('run', () => {
    it('hands repositories the transaction through async context, and the plain manager outside it', async () => {
      expect(currentManager(dataSource)).toBe(dataSource.manager);
      await sut.run(async () => {
        const manager = currentManager(dataSource);
        expect(manager).not.toBe(dataSource.manager);
        expect(manager.queryRunner?.isTransactionActive).toBe(true);
        await Promise.resolve();
        expect(currentManager(dataSource)).toBe(manager);
      });
      expect(currentTransaction()).toBeUndefined();
    });

    it('rolls back every statement of the work when it throws, including a joined inner run', async () => {
      const before = await count();
      await expect(
        sut.run(async () => {
          await currentManager(dataSource).query('INSERT INTO t DEFAULT VALUES');
          await sut.run(() => currentManager(dataSource).query('INSERT INTO t DEFAULT VALUES'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await count()).toBe(before);
    });

    it('joins an open transaction instead of opening a second one', async () => {
      await sut.run(async () => {
        const outer = currentTransaction(dataSource);
        await sut.run(async () => expect(currentTransaction(dataSource)).toBe(outer));
      });
    });
  });

  describe('afterCommit', () => {
    it('runs after the outermost commit, and not at all on rollback', async () => {
      const seen: string[] = [];
      await sut.run(async () => {
        await sut.run(() => afterCommit(() => void seen.push('inner')));
        await afterCommit(() => void seen.push('outer'));
        seen.push('work done');
      });
      expect(seen).toEqual(['work done', 'inner', 'outer']);
      await expect(
        sut.run(async () => {
          await afterCommit(() => void seen.push('rolled back'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(seen).not.toContain('rolled back');
    });

    it('runs at once outside a transaction', async () => {
      let ran = false;
      await afterCommit(() => void (ran = true));
      expect(ran).toBe(true);
    });
  });
});
