import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from './metrics.js';

/**
 * `GET /metrics` on a listener of its own (METRICS_HOST, loopback by default), so the metrics are never
 * served on the public API port by accident. Started by startApp, not by the module: only a serving
 * process listens.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    const registry = this.metrics.registry;
    const { port, host } = this.config.metrics;
    if (!registry || port === undefined || this.server) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics on http://${host}:${this.port}/metrics`);
  }

  /** The bound port (METRICS_PORT=0 picks a free one). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
