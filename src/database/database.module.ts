import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { type AcquiringPool, boundPoolAcquire } from './bounded-pool-acquire.js';
import { SqliteTransactionGate } from '../common/database/sqlite-transaction-gate.js';
import { Transactions } from '../common/database/transactions.service.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database.url), retryAttempts: 2, retryDelay: 1000 }),
      dataSourceFactory: async (options) => {
        const dataSource = new DataSource(options!);
        if (options!.type === 'better-sqlite3') SqliteTransactionGate.install(dataSource);
        await dataSource.initialize();
        // SQLite has one connection and its own gate; a mysql2 pool queues callers without a bound.
        if (options!.type === 'mysql')
          boundPoolAcquire((dataSource.driver as unknown as { pool: AcquiringPool<{ release(): void }> }).pool);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
