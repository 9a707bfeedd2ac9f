import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateMonitorExecution, evaluateMonitorOnNode, nodeHasAlerting } from "../../../src/sync/clients/opensearch-evaluate.ts";
import { runMonitorAdhoc } from "../../../src/sync/clients/opensearch-run.ts";
import { compileMonitor, type JsonObject } from "../../../src/targets/opensearch/index.ts";
import { connectTestNode, createEventIndex, deleteIndex, type TestEvent } from "../../targets/opensearch/cluster-harness.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

/**
 * evaluateMonitorOnNode (core APIs) and the Alerting plugin's `_execute` agree
 * on the same node, monitor by monitor: same MonitorRunResult, and the
 * trigger sees the same `ctx`. This is what licenses the integration project
 * to run on a node without the plugin.
 */
const http = connectTestNode();
const index = `dac-it-agree-${process.pid}`;
const periodEnd = Date.parse("2024-01-01T00:05:00Z");

const at = (s: number) => new Date(Date.parse("2024-01-01T00:00:00Z") + s * 1000).toISOString();
let n = 0;
const ev = (s: number, category: string, host: unknown, extra: Record<string, unknown> = {}): TestEvent => ({
  id: `g${++n}`,
  source: { "@timestamp": at(s), ...(host === undefined ? {} : { host: { name: host } }), process: { name: category === "process" ? "x" : "p" }, ...extra, event: { category, ...(extra.event as object) } },
});
const events: TestEvent[] = [
  ev(1, "process", "A"), ev(2, "file", "A"), ev(3, "process", "A"), ev(4, "file", "A"),
  ev(10, "process", "B"), ev(11, "process", "B", { event: { type: "end" } }), ev(12, "file", "B"),
  ev(20, "process", ["C1", "C2"]), ev(21, "file", "C2"), ev(22, "file", undefined),
  ev(30, "process", 'q"\\ü'), ev(31, "file", 'q"\\ü'),
  // Outside a 5m + 1m window ending at periodEnd.
  { id: "old", source: { "@timestamp": "2023-12-31T23:50:00Z", event: { category: "process" }, host: { name: "OLD" } } },
];

const queries: [string, Parameters<typeof makeDetection>[0]][] = [
  ["any where true", {}],
  ["any where true", { maxSignals: 2 }],
  ['process where process.name == "x"', { entityField: "process.name" }],
  ['file where host.name == "nobody"', {}],
  ["sequence by host.name [process where true] [file where true]", {}],
  ['sequence by host.name with maxspan=1m [process where true] [file where true] until [process where event.type == "end"]', {}],
  ["sequence by host.name [process where true] with runs=2", {}],
  ["sequence [process where true] [file where true]", {}],
  ["sequence by host.name [process where true] [file where true]", { schedule: { interval: "1h", lookback: "0s" } }],
];

function monitorFor(query: string, overrides: Parameters<typeof makeDetection>[0]): JsonObject {
  const monitor = compileMonitor(makeDetection({ query, indices: [index], ...overrides }));
  if (!monitor.ok) throw new Error(JSON.stringify(monitor.diagnostics));
  return monitor.value;
}

beforeAll(async () => {
  expect(await nodeHasAlerting(http)).toBe(true);
  await createEventIndex(http, index, events);
});

afterAll(async () => {
  await deleteIndex(http, index);
});

describe("evaluateMonitorOnNode == _execute", () => {
  it.each(queries)("%s %j", async (query, overrides) => {
    const monitor = monitorFor(query, overrides);
    const executed = await runMonitorAdhoc(http, monitor, periodEnd);
    const evaluated = await evaluateMonitorOnNode(http, monitor, periodEnd);
    expect(executed.error).toBeNull();
    expect(evaluated).toEqual(executed);
  });

  it("the suite is not vacuous: some runs alert, some do not", async () => {
    const runs = await Promise.all(queries.map(([q, o]) => evaluateMonitorOnNode(http, monitorFor(q, o), periodEnd)));
    expect(runs.filter((r) => r.triggered).length).toBeGreaterThan(3);
    expect(runs.filter((r) => !r.triggered).length).toBeGreaterThan(0);
  });

  it("a join key over the matcher's limit: both report the refusal with its message, and alert on the others alike", async () => {
    const monitor = monitorFor("sequence by host.name [process where true] [file where true]", {});
    // Limit 2 per join key: A's four events refuse, C2's two (a sequence) do not.
    const metrics = ((monitor.inputs as any)[0].search.query.aggregations.dac_join_keys.aggregations) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const metric of Object.values(metrics)) metric.scripted_metric.params.limit = 2;
    const executed = await runMonitorAdhoc(http, monitor, periodEnd);
    const evaluated = await evaluateMonitorOnNode(http, monitor, periodEnd);
    for (const run of [executed, evaluated]) expect(run.error).toContain('join key ["A"]: dac: 4 candidate events for one join key in the window but the sequence matcher handles at most 2');
    expect(executed.alerts.map((a) => a.entity)).toContain("C2");
    expect(executed.alerts.map((a) => a.entity)).not.toContain("A");
    expect(evaluated).toEqual(executed);
  });

  it("the trigger's ctx: results, periodStart/End, monitor and trigger names read the same", async () => {
    const probe =
      "ctx.results[0].put('dac_probe', [ctx.monitor.name, ctx.trigger.name, ctx.trigger.severity, ctx.periodStart.toEpochMilli(), ctx.periodEnd.toEpochMilli(), ctx.results[0].hits.total.value, params.k]); return true;";
    // A query-level monitor (dac compiles none any more, but the evaluator runs them): the window's events.
    const window = { range: { "@timestamp": { gte: "{{period_end}}||-360s", lte: "{{period_end}}", format: "epoch_millis" } } };
    const monitor: JsonObject = {
      ...monitorFor("sequence by host.name [process where true] [file where true]", {}),
      monitor_type: "query_level_monitor",
      inputs: [{ search: { indices: [index], query: { size: 0, track_total_hits: true, query: window } } }],
      name: "probe monitor",
      triggers: [{ query_level_trigger: { name: "probe trigger", severity: "3", condition: { script: { source: probe, lang: "painless", params: { k: [1, "two"] } } }, actions: [] } }],
    };
    const executed = (await http.request<Record<string, any>>({ method: "POST", path: "/_plugins/_alerting/monitors/_execute", query: { dryrun: true, period_end: `${periodEnd}ms` }, body: monitor, action: "execute" })).body; // eslint-disable-line @typescript-eslint/no-explicit-any
    const evaluated = (await evaluateMonitorExecution(http, monitor, periodEnd)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const probeOf = (run: Record<string, any>) => run.input_results.results[0].dac_probe; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(probeOf(executed)).toEqual(["probe monitor", "probe trigger", "3", periodEnd - 300_000, periodEnd, events.length - 1, [1, "two"]]);
    expect(probeOf(evaluated)).toEqual(probeOf(executed));
    expect(Object.values(evaluated.trigger_results).map((t: any) => t.triggered)).toEqual(Object.values(executed.trigger_results).map((t: any) => t.triggered)); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
});
