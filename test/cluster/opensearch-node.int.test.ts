import { afterAll, describe, expect, inject, test } from "vitest";
import { createOpenSearchClient, readClusterStatus } from "../../src/cluster/index.ts";

// What every node dac tests against has, with or without the Alerting plugin
// (monitor checks: opensearch-node.alerting.test.ts).
const url = inject("opensearchUrl");
const client = createOpenSearchClient(url);

afterAll(async () => {
  await client.close();
});

describe("OpenSearch node", () => {
  test("is healthy (green or yellow)", async () => {
    const health = await client.cluster.health();
    expect(["green", "yellow"]).toContain(health.body.status);
  });

  test("has the scripting modules", async () => {
    const status = await readClusterStatus(url, client);
    expect(status.modules).toEqual(expect.arrayContaining(["lang-painless", "lang-mustache"]));
  });

  test("renders a Mustache template as monitor inputs are rendered", async () => {
    const res = await client.transport.request({
      method: "POST",
      path: "/_render/template",
      body: { source: { query: { range: { "@timestamp": { gte: "{{period_end}}||-1h", lte: "{{period_end}}" } } } }, params: { period_end: 1704067500000 } },
    });
    expect(res.body.template_output).toEqual({ query: { range: { "@timestamp": { gte: "1704067500000||-1h", lte: "1704067500000" } } } });
  });

  test("executes a Painless script", async () => {
    const res = await client.transport.request({
      method: "POST",
      path: "/_scripts/painless/_execute",
      body: { script: { source: "params.a * params.b", params: { a: 6, b: 7 } } },
    });
    expect(res.body.result).toBe("42");
  });
});
