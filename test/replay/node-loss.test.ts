import { Client } from "@opensearch-project/opensearch";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { describeNodeLoss, probeNodeGone } from "../../src/replay/node-loss.ts";

async function listen(status: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(status === 200 ? { version: { number: "2.19.4", distribution: "opensearch" } } : { error: "unavailable", status }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) };
}

describe("a node that goes away during dac test", () => {
  it("is still there while it answers, even with an error status", async () => {
    for (const status of [200, 503]) {
      const node = await listen(status);
      const client = new Client({ node: node.url });
      try {
        expect(await probeNodeGone(client, node.url)).toBeUndefined();
      } finally {
        await client.close();
        await node.close();
      }
    }
  });

  it("is gone when nothing answers any more, and the reason names it", async () => {
    const node = await listen(200);
    await node.close();
    const client = new Client({ node: node.url });
    try {
      const gone = await probeNodeGone(client, node.url, 2_000);
      expect(gone).toMatch(new RegExp(`^the node at ${node.url.replaceAll(".", "\\.")} went away during the run \\(.*ECONNREFUSED`));
    } finally {
      await client.close();
    }
  });

  it("lists the tests that were not run", () => {
    const text = describeNodeLoss({ reason: "the node at http://127.0.0.1:9 went away during the run (connect ECONNREFUSED)", notRun: ["rule-a › fires", "rule-b › silent"] });
    expect(text).toBe(
      "dac test: the node at http://127.0.0.1:9 went away during the run (connect ECONNREFUSED); its replay indices and monitors could not be removed.\n2 tests were not run:\n  - rule-a › fires\n  - rule-b › silent\n",
    );
  });
});
