import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteTransactionGate } from './sqlite-transaction-gate.js';

/** The one way services open a transaction, isolated on SQLite as on MySQL. */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const gate = SqliteTransactionGate.for(this.dataSource);
    return gate ? gate.transaction(this.dataSource, work) : this.dataSource.transaction(work);
  }
}
