import type { DataSource, QueryRunner } from 'typeorm';
import { currentTransaction } from './transaction-context.js';

const gates = new WeakMap<DataSource, SqliteTransactionGate>();

/**
 * better-sqlite3 has one connection, and TypeORM hands every caller the same query runner: a request's
 * queries would run inside another request's open transaction, read its uncommitted writes and be rolled
 * back with it. The gate gives an open transaction the connection to itself: queries from any other async
 * context wait until it commits or rolls back. MySQL needs none of this; its pool isolates transactions.
 * Which context a query comes from is told by the transaction context Transactions.run sets.
 */
export class SqliteTransactionGate {
  private holder?: object;
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

  /** Runs `work` (which opens the transaction) once no other transaction holds the connection. */
  async transaction<T>(holder: object, work: () => Promise<T>): Promise<T> {
    while (this.holder) await this.released;
    let release!: () => void;
    this.holder = holder;
    this.released = new Promise((resolve) => (release = resolve));
    try {
      return await work();
    } finally {
      this.holder = undefined;
      release();
    }
  }

  private async waitTurn(): Promise<void> {
    while (this.holder && currentTransaction() !== this.holder) await this.released;
  }
}
