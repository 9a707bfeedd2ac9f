import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A tiny TCP proxy in front of the test node, so a test can cut the
 * connection mid-deploy: `cutAfterRequests(n)` drops every socket and stops
 * listening once n HTTP requests have gone through, `restart()` listens again
 * on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private requests = 0;
  private limit = Number.POSITIVE_INFINITY;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get requestCount(): number {
    return this.requests;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : port;
    return this;
  }

  cutAfterRequests(n: number): void {
    this.limit = this.requests + n;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const forget = (): void => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => {
      // Each request line is one HTTP request on this keep-alive connection.
      this.requests += chunk.toString("latin1").match(/^(GET|POST|PUT|DELETE|HEAD) \S+ HTTP\/1\.1\r$/gm)?.length ?? 0;
      if (this.requests > this.limit) {
        void this.cut();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    client.on("error", forget).on("close", forget);
    upstream.on("error", forget).on("close", forget);
  }

  /** Drops every open connection and refuses new ones. */
  async cut(): Promise<void> {
    this.limit = Number.POSITIVE_INFINITY;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.start(this.port);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cut();
  }
}
