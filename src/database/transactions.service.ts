import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate.js';

type AfterCommit = () => void | Promise<void>;

/** The one way services open a transaction, isolated on SQLite as on MySQL. */
@Injectable()
export class Transactions {
  /** Work to do once a transaction has committed, keyed by its manager; dropped with it on rollback. */
  private readonly pending = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const callbacks: AfterCommit[] = [];
    const tracked = (manager: EntityManager) => {
      this.pending.set(manager, callbacks);
      return work(manager);
    };
    const gate = SqliteTransactionGate.for(this.dataSource);
    const result = await (gate ? gate.transaction(this.dataSource, tracked) : this.dataSource.transaction(tracked));
    for (const callback of callbacks) await callback();
    return result;
  }

  /**
   * Runs `callback` after the transaction of `manager` commits, or at once without one. Announcing a
   * revocation before its commit would let another instance re-read and cache the old state.
   */
  async afterCommit(manager: EntityManager | undefined, callback: AfterCommit): Promise<void> {
    const callbacks = manager && this.pending.get(manager);
    if (callbacks) callbacks.push(callback);
    else await callback();
  }
}
