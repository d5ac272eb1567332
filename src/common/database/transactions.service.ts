import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate.js';
import { TransactionContext, currentTransaction, runInTransactionContext } from './transaction-context.js';

/**
 * The one way services open a transaction, isolated on SQLite as on MySQL. Inside `work`, repositories
 * find the transaction in async context (transaction-context.ts); called inside an open transaction,
 * `run` joins it, so a service that needs atomicity can be called on its own or as part of a larger unit.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (currentTransaction(this.dataSource)) return work();
    const context: TransactionContext = { dataSource: this.dataSource, afterCommit: [] };
    const gate = SqliteTransactionGate.for(this.dataSource);
    const transaction = () =>
      this.dataSource.transaction((manager) => {
        context.manager = manager;
        return work();
      });
    const result = await runInTransactionContext(context, () => (gate ? gate.transaction(context, transaction) : transaction()));
    for (const callback of context.afterCommit) await callback();
    return result;
  }
}
