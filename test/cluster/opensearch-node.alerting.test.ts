import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createOpenSearchClient, readClusterStatus } from "../../src/cluster/index.ts";

// The node's Alerting plugin (alerting project: official image or an image
// built with DAC_ALERTING_PLUGIN_ZIP). The plugin-free checks of the same node
// are in opensearch-node.int.test.ts.
const url = inject("opensearchUrl");
const client = createOpenSearchClient(url);
const index = `dac-it-node-alerting-${process.pid}`;

afterAll(async () => {
  await client.indices.delete({ index, ignore_unavailable: true });
  await client.close();
});

test("the node has the alerting plugin", async () => {
  const status = await readClusterStatus(url, client);
  expect(status.plugins.map((p) => p.name)).toContain("opensearch-alerting");
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
