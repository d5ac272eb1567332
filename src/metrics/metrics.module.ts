import { Global, Module } from '@nestjs/common';
import { UnauthorizedCounter } from '../common/filters/unauthorized-counter.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from './metrics.js';
import { MetricsServer } from './metrics-server.js';

/** Prometheus metrics on METRICS_PORT (docs/operations.md); off, and a no-op, when it is unset. */
@Global()
@Module({
  providers: [
    { provide: Metrics, inject: [AppConfig], useFactory: (config: AppConfig) => new Metrics(config.metrics.port !== undefined) },
    { provide: UnauthorizedCounter, useExisting: Metrics },
    MetricsServer,
  ],
  exports: [Metrics, MetricsServer, UnauthorizedCounter],
})
export class MetricsModule {}
