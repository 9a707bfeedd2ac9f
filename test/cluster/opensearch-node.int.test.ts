import { describe, expect, inject, test, beforeAll, afterAll } from "vitest";
import { createOpenSearchClient, readClusterStatus } from "../../src/cluster/index.ts";

const url = inject("opensearchUrl");
const client = createOpenSearchClient(url);
const index = `dac-it-node-${process.pid}`;

afterAll(async () => {
  await client.indices.delete({ index, ignore_unavailable: true });
  await client.close();
});

/** A query-level monitor over `index` that triggers when a whoami.exe event exists in the last hour. */
function whoamiMonitor(name: string) {
  return {
    type: "monitor",
    monitor_type: "query_level_monitor",
    name,
    enabled: false,
    schedule: { period: { interval: 5, unit: "MINUTES" } },
    inputs: [
      {
        search: {
          indices: [index],
          query: {
            size: 10,
            query: {
              bool: {
                filter: [
                  // Mustache-rendered by the alerting plugin: proves lang-mustache works.
                  { range: { "@timestamp": { gte: "{{period_end}}||-1h", lte: "{{period_end}}", format: "epoch_millis" } } },
                  { term: { "process.name": "whoami.exe" } },
                ],
              },
            },
          },
        },
      },
    ],
    triggers: [
      {
        query_level_trigger: {
          name: "whoami-seen",
          severity: "1",
          condition: { script: { lang: "painless", source: "return ctx.results[0].hits.total.value > 0" } },
          actions: [],
        },
      },
    ],
  };
}

async function executeMonitor(id: string): Promise<boolean> {
  const res = await client.transport.request({ method: "POST", path: `/_plugins/_alerting/monitors/${id}/_execute`, querystring: { dryrun: "true" } });
  const results = Object.values(res.body.trigger_results as Record<string, { triggered: boolean; error: unknown }>);
  expect(res.body.error).toBeNull();
  expect(results).toHaveLength(1);
  expect(results[0]!.error).toBeNull();
  return results[0]!.triggered;
}

describe("OpenSearch node", () => {
  test("is healthy (green or yellow)", async () => {
    const health = await client.cluster.health();
    expect(["green", "yellow"]).toContain(health.body.status);
  });

  test("has the alerting plugin and the scripting modules", async () => {
    const status = await readClusterStatus(url, client);
    expect(status.plugins.map((p) => p.name)).toContain("opensearch-alerting");
    expect(status.modules).toEqual(expect.arrayContaining(["lang-painless", "lang-mustache"]));
    const cat = await client.cat.plugins({ format: "json" });
    expect((cat.body as Array<{ component: string }>).map((p) => p.component)).toContain("opensearch-alerting");
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

describe("query-level monitor with a Painless trigger", () => {
  let monitorId = "";

  beforeAll(async () => {
    await client.indices.create({ index, body: { mappings: { properties: { "@timestamp": { type: "date" }, process: { properties: { name: { type: "keyword" } } } } } } });
    const res = await client.transport.request({ method: "POST", path: "/_plugins/_alerting/monitors", body: whoamiMonitor(`dac-it-${process.pid}`) });
    monitorId = res.body._id as string;
    expect(monitorId).toBeTruthy();
  });

  afterAll(async () => {
    if (monitorId) await client.transport.request({ method: "DELETE", path: `/_plugins/_alerting/monitors/${monitorId}` });
  });

  test("does not trigger without matching documents", async () => {
    await client.index({ index, refresh: true, body: { "@timestamp": new Date().toISOString(), process: { name: "notepad.exe" } } });
    expect(await executeMonitor(monitorId)).toBe(false);
  });

  test("triggers once a matching document is indexed", async () => {
    await client.index({ index, refresh: true, body: { "@timestamp": new Date().toISOString(), process: { name: "whoami.exe" } } });
    expect(await executeMonitor(monitorId)).toBe(true);
  });
});
