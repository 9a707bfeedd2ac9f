import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createOpenSearchHttp } from "../../../src/sync/clients/opensearch-client.ts";
import { isTargetHttpError } from "../../../src/sync/index.ts";

// A real HTTP server that answers like a node without the Alerting plugin
// (OpenSearch's own 400 body for an unknown route).
let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function startNodeWithoutAlerting(): Promise<string> {
  server = createServer((req, res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `no handler found for uri [${req.url}] and method [${req.method}]`, status: 400 }));
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("OpenSearch HTTP errors", () => {
  it("says the cluster has no Alerting plugin when its routes are missing", async () => {
    const http = createOpenSearchHttp({ url: await startNodeWithoutAlerting() });
    const err = await http.request({ method: "POST", path: "/_plugins/_alerting/monitors/_search", body: {}, action: "read" }).catch((e: unknown) => e);
    expect(isTargetHttpError(err)).toBe(true);
    expect((err as Error).message).toContain("no handler found");
    expect((err as Error).message).toContain("This cluster has no Alerting plugin");
  });

  it("leaves other unknown routes unexplained", async () => {
    const http = createOpenSearchHttp({ url: await startNodeWithoutAlerting() });
    const err = await http.request({ method: "GET", path: "/_nope", action: "read" }).catch((e: unknown) => e);
    expect((err as Error).message).not.toContain("Alerting");
  });
});

describe("search failures", () => {
  // The body OpenSearch 2.19.4 returns for a regexp query with an unclosed class.
  const allShardsFailed = {
    error: {
      root_cause: [{ type: "query_shard_exception", reason: "failed to create query: expected ']' at position 4", index: "t1" }],
      type: "search_phase_execution_exception",
      reason: "all shards failed",
      phase: "query",
      grouped: true,
      failed_shards: [
        { shard: 0, index: "t1", node: "n1", reason: { type: "query_shard_exception", reason: "failed to create query: expected ']' at position 4", caused_by: { type: "illegal_argument_exception", reason: "expected ']' at position 4" } } },
      ],
    },
    status: 400,
  };

  it("surfaces the shards' root cause of search_phase_execution_exception", async () => {
    server = createServer((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify(allShardsFailed));
    });
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const http = createOpenSearchHttp({ url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}` });
    const err = await http.request({ method: "POST", path: "/logs/_search", body: {}, action: "read" }).catch((e: unknown) => e);
    expect(isTargetHttpError(err)).toBe(true);
    expect((err as Error).message).toContain(
      "search_phase_execution_exception: all shards failed (root cause: query_shard_exception: failed to create query: expected ']' at position 4, caused by illegal_argument_exception: expected ']' at position 4)",
    );
  });
});
