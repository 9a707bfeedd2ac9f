import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClusterStatus } from "../../../src/cluster/index.ts";
import { evaluateMonitorOnNode, nodeHasAlerting } from "../../../src/sync/clients/opensearch-evaluate.ts";
import { compileMonitor, type JsonObject } from "../../../src/targets/opensearch/index.ts";
import { connectTestNode, createEventIndex, deleteIndex, type TestEvent } from "../../targets/opensearch/cluster-harness.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

/**
 * evaluateMonitorOnNode on the real node, for what the differential suites do
 * not reach: composite paging, entity values that JSON and Mustache must carry
 * unchanged, and the plugin probe. Runs on nodes with or without Alerting.
 */
const http = connectTestNode();
const index = `dac-it-eval-${process.pid}`;
const periodEnd = Date.parse("2024-01-01T00:05:00Z");
const odd = 'q"\\\u0001\nü\u2028 end';

const at = (s: number) => new Date(Date.parse("2024-01-01T00:00:00Z") + s * 1000).toISOString();
const events: TestEvent[] = [
  { id: "a1", source: { "@timestamp": at(1), event: { category: "process" }, host: { name: "A" } } },
  { id: "b1", source: { "@timestamp": at(2), event: { category: "process" }, host: { name: "B" } } },
  { id: "b2", source: { "@timestamp": at(3), event: { category: "file" }, host: { name: "B" } } },
  { id: "n1", source: { "@timestamp": at(4), event: { category: "process" } } },
  { id: "o1", source: { "@timestamp": at(5), event: { category: "process" }, host: { name: odd } } },
  { id: "o2", source: { "@timestamp": at(6), event: { category: "file" }, host: { name: odd } } },
];

function monitorFor(query: string, overrides: Parameters<typeof makeDetection>[0] = {}): JsonObject {
  const monitor = compileMonitor(makeDetection({ query, indices: [index], ...overrides }));
  if (!monitor.ok) throw new Error(JSON.stringify(monitor.diagnostics));
  return monitor.value;
}

beforeAll(async () => {
  await createEventIndex(http, index, events);
});

afterAll(async () => {
  await deleteIndex(http, index);
});

describe("evaluateMonitorOnNode on a real node", () => {
  it("nodeHasAlerting agrees with the node's plugin list", async () => {
    const status = await readClusterStatus(http.location);
    expect(await nodeHasAlerting(http)).toBe(status.plugins.some((p) => p.name === "opensearch-alerting"));
  });

  it("pages through the composite aggregation: every entity, whatever the page size", async () => {
    const expected = [
      { entity: null, count: 1 },
      { entity: "A", count: 1 },
      { entity: "B", count: 2 },
      { entity: odd, count: 2 },
    ];
    for (const maxSignals of [1, 2, 100]) {
      const before = http.calls;
      const run = await evaluateMonitorOnNode(http, monitorFor("any where true", { maxSignals }), periodEnd);
      expect(run).toEqual({ triggered: true, error: null, periodStart: periodEnd - 300_000, periodEnd, alerts: expected });
      // one `_search/template` (render and search on the node) per page, and one empty page at the end
      expect(http.calls - before).toBe(Math.ceil(4 / maxSignals) + 1);
    }
  });

  it("the window is the rendered period: nothing after period_end", async () => {
    const run = await evaluateMonitorOnNode(http, monitorFor("any where true"), Date.parse(at(2)));
    expect(run.alerts.map((a) => a.entity)).toEqual(["A", "B"]);
  });

  it("carries odd entity values through the Painless wrapper's JSON unchanged", async () => {
    const run = await evaluateMonitorOnNode(http, monitorFor("sequence by host.name [process where true] [file where true]"), periodEnd);
    expect(run.error).toBeNull();
    expect(run.alerts.map((a) => [a.entity, a.sequences?.map((s) => s.events.map((e) => e.id))])).toEqual([
      ["B", [["b1", "b2"]]],
      [odd, [["o1", "o2"]]],
    ]);
  });

  it("a bucket key holding Mustache tags cannot be paged past (Alerting would loop): an error, not a hang", async () => {
    const tagged = `${index}-mustache`;
    await createEventIndex(http, tagged, [
      { id: "m1", source: { "@timestamp": at(1), host: { name: "m{{x}}" } } },
      { id: "m2", source: { "@timestamp": at(2), host: { name: "z" } } },
    ]);
    try {
      const stuck = await evaluateMonitorOnNode(http, monitorFor("any where true", { maxSignals: 1, indices: [tagged] }), periodEnd);
      expect(stuck.error).toMatch(/composite paging does not advance past \{"entity":"m\{\{x\}\}"\}/);
      // With every key on one page there is no after key to render, and both entities alert.
      const onePage = await evaluateMonitorOnNode(http, monitorFor("any where true", { indices: [tagged] }), periodEnd);
      expect(onePage.alerts.map((a) => a.entity)).toEqual(["m{{x}}", "z"]);
    } finally {
      await deleteIndex(http, tagged);
    }
  });
});
