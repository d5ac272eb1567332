import { Server, Socket, createConnection, createServer } from 'node:net';

type Mode = 'forward' | 'black-hole';

/**
 * A loopback TCP proxy the test can break in two ways and restore:
 * - `cut()`: every connection dropped and new ones refused, so the client fails fast (a database that is down);
 * - `blackHole()`: connections stay open and new ones are accepted, but nothing is ever answered or closed
 *   (a dropped route or a frozen host), so the client only gives up on its own timeouts.
 */
export class TcpProxy {
  private server?: Server;
  private mode: Mode = 'forward';
  /** Client-side sockets, each with its upstream (absent while black-holed). */
  private readonly clients = new Map<Socket, Socket | undefined>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy to the host and port of a URL (`mysql://root@db:3306`, `redis://cache:6379`). */
  static to(url: string, defaultPort: number): TcpProxy {
    const { hostname, port } = new URL(url);
    return new TcpProxy(hostname.replace(/^\[(.*)\]$/, '$1'), Number(port || defaultPort));
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      client.on('error', () => client.destroy());
      client.on('close', () => {
        this.clients.get(client)?.destroy();
        this.clients.delete(client);
      });
      if (this.mode === 'black-hole') return this.swallow(client);
      const upstream = createConnection(this.targetPort, this.targetHost);
      upstream.on('error', () => upstream.destroy());
      upstream.on('close', () => {
        // Black-holed meanwhile: the client must not learn that anything ended.
        if (this.clients.get(client) === upstream) client.destroy();
      });
      this.clients.set(client, upstream);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.mode = 'forward';
    for (const client of [...this.clients.keys()]) client.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** From now on nothing reaches the target and nothing comes back; no socket is closed. */
  blackHole(): void {
    this.mode = 'black-hole';
    for (const client of this.clients.keys()) this.swallow(client);
  }

  /**
   * Forwards again. Black-holed connections are then reset, as a stale TCP connection is once the route
   * comes back (the peer answers its next segment with RST): the client finds out and reconnects.
   */
  async restore(): Promise<void> {
    if (this.mode === 'black-hole') {
      this.mode = 'forward';
      for (const client of [...this.clients.keys()]) client.resetAndDestroy();
    }
    if (!this.server) await this.start();
  }

  /** Reads and discards whatever the client sends, forwards nothing, answers nothing. */
  private swallow(client: Socket): void {
    const upstream = this.clients.get(client);
    this.clients.set(client, undefined);
    client.unpipe();
    if (upstream) {
      upstream.unpipe();
      upstream.destroy();
    }
    client.removeAllListeners('data');
    client.on('data', () => undefined);
    client.resume();
  }
}
