import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const gates = new WeakMap<DataSource, SqliteTransactionGate>();

/**
 * better-sqlite3 has one connection, and TypeORM hands every caller the same query runner: a request's
 * queries would run inside another request's open transaction, read its uncommitted writes and be rolled
 * back with it. The gate gives an open transaction the connection to itself: queries from any other async
 * context wait until it commits or rolls back. MySQL needs none of this; its pool isolates transactions.
 */
export class SqliteTransactionGate {
  private readonly context = new AsyncLocalStorage<symbol>();
  private holder?: symbol;
  private released: Promise<void> = Promise.resolve();

  static install(dataSource: DataSource): void {
    const gate = new SqliteTransactionGate();
    const driver = dataSource.driver as { createQueryRunner(mode: string): QueryRunner };
    const createQueryRunner = driver.createQueryRunner.bind(driver);
    const patched = new WeakSet<QueryRunner>();
    driver.createQueryRunner = (mode) => {
      const runner = createQueryRunner(mode);
      if (!patched.has(runner)) {
        const query = runner.query.bind(runner);
        runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
          await gate.waitTurn();
          return query(...args) as Promise<unknown>;
        }) as QueryRunner['query'];
        patched.add(runner);
      }
      return runner;
    };
    gates.set(dataSource, gate);
  }

  static for(dataSource: DataSource): SqliteTransactionGate | undefined {
    return gates.get(dataSource);
  }

  async transaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.holder && this.context.getStore() === this.holder) return dataSource.transaction(work);
    while (this.holder) await this.released;
    const token = Symbol('transaction');
    let release!: () => void;
    this.holder = token;
    this.released = new Promise((resolve) => (release = resolve));
    try {
      return await this.context.run(token, () => dataSource.transaction(work));
    } finally {
      this.holder = undefined;
      // An enabled AsyncLocalStorage keeps Node 20's promise hooks on for every request that follows
      // (a few % of each in the profile); the next transaction's run() turns it on again.
      this.context.disable();
      release();
    }
  }

  private async waitTurn(): Promise<void> {
    while (this.holder && this.context.getStore() !== this.holder) await this.released;
  }
}
