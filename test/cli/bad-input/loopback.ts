/**
 * Real HTTP servers on 127.0.0.1, one per fault, standing in for a cluster that
 * misbehaves. Each counts the writes it accepted: a bad run must leave none.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const SHARDS_FAILED = {
  error: {
    root_cause: [{ type: "query_shard_exception", reason: "failed to create query: expected ']' at position 4", index: "logs" }],
    type: "search_phase_execution_exception",
    reason: "all shards failed",
    phase: "query",
    grouped: true,
    failed_shards: [{ shard: 0, index: "logs", node: "n1", reason: { type: "query_shard_exception", reason: "failed to create query: expected ']' at position 4", caused_by: { type: "illegal_argument_exception", reason: "expected ']' at position 4" } } }],
  },
  status: 400,
};

export const FAULTS: Readonly<Record<string, Handler>> = {
  "no-alerting": (req, res) => json(res, 400, { error: `no handler found for uri [${req.url}] and method [${req.method}]`, status: 400 }),
  "server-error": (_req, res) => json(res, 500, { error: { type: "exception", reason: "node is shutting down" }, status: 500 }),
  reset: (req) => req.socket.destroy(),
  garbage: (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body>captive portal</body></html>");
  },
  "shards-failed": (_req, res) => json(res, 400, SHARDS_FAILED),
  unauthorized: (_req, res) => json(res, 401, { error: { type: "security_exception", reason: "Unauthorized" }, status: 401 }, { "www-authenticate": 'Basic realm="OpenSearch Security"' }),
  forbidden: (_req, res) => json(res, 403, { error: { type: "security_exception", reason: "no permissions for [cluster:admin/opendistro/alerting/monitor/search] and User [name=reader]" }, status: 403 }),
  "kibana-html": (_req, res) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html><head><title>502 Bad Gateway</title></head></html>");
  },
};

export interface Loopback {
  readonly urls: Record<string, string>;
  /** Requests other than reads that a server answered with 2xx. */
  readonly acceptedWrites: () => number;
  close(): Promise<void>;
}

const READ = /(_search|_count|_mapping|_cat|_cluster|^\/$|_find|_alerting\/monitors\/[^/]+$)/;

export async function startLoopback(): Promise<Loopback> {
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  let writes = 0;
  for (const [mode, handle] of Object.entries(FAULTS)) {
    const server = createServer((req, res) => {
      res.on("finish", () => {
        if (req.method !== "GET" && !READ.test(req.url ?? "") && res.statusCode < 300) writes++;
      });
      handle(req, res);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    servers.push(server);
    urls[mode] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  // A port nothing listens on: bound, then closed.
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  urls["refused"] = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((done) => closed.close(() => done()));
  return {
    urls,
    acceptedWrites: () => writes,
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((done) => s.close(() => done()));
      }
    },
  };
}
