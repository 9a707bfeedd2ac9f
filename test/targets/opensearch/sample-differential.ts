import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { buildAlerts } from "../../../src/replay/index.ts";
import type { OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { SINGLE_NODE, type ClusterTarget, createEventIndex, deleteIndex, raiseTemplateCompileLimits, runOnCluster, runOnEngine, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";
import { makeDetection } from "./detection-fixture.ts";

/**
 * Differential for `sample by …`: the sample monitor on the node (a Painless
 * sampler per join-key bucket) raises exactly the samples the in-memory
 * engine finds, the same events in filter order, per entity. Events are in
 * time order, the order both sides read them in. One host per edge case.
 */
export function defineSampleDifferential(runner: MonitorRunner, target: ClusterTarget = SINGLE_NODE): void {
  let http: OpenSearchHttp;
  const index = `dac-it-sample-${process.pid}`;
  const periodEnd = Date.parse("2024-01-01T00:05:00Z");

  let n = 0;
  const ev = (seconds: number, category: string, fields: Record<string, unknown>): TestEvent => {
    n++;
    const at = new Date(Date.parse("2024-01-01T00:00:00Z") + seconds * 1000).toISOString();
    return { id: `s${n}`, source: { "@timestamp": at, ...fields, event: { category, ...((fields.event as object) ?? {}) } } };
  };
  const p = (s: number, host: unknown, extra: Record<string, unknown> = {}) => ev(s, "process", { host: { name: host }, process: { name: "p.exe" }, ...extra });
  const f = (s: number, host: unknown, extra: Record<string, unknown> = {}) => ev(s, "file", { host: { name: host }, file: { name: "f.txt" }, ...extra });
  const net = (s: number, host: unknown, extra: Record<string, unknown> = {}) => ev(s, "network", { host: { name: host }, ...extra });

  const events: TestEvent[] = [
    // A: order ignored (file before process); later events do not replace the first sample
    f(1, "A"), p(2, "A"), p(3, "A"), f(4, "A"),
    // B: only one side: no sample
    p(10, "B"), p(11, "B"),
    // C: one event matches both filters of `any where true` twice: distinct events needed
    p(20, "C"),
    // D: multi-valued key joins each value
    p(30, ["D1", "D2"]), f(31, "D2"), f(32, "D1"),
    // E: per-filter keys on different fields
    p(40, "E", { process: { name: "p.exe", executable: "C:\\e.exe" } }), f(41, "E", { file: { name: "f.txt", path: "C:\\e.exe" } }),
    // N: no key (dropped unless optional)
    p(50, undefined), f(51, undefined),
    // T: three filters
    p(60, "T"), net(61, "T"), f(62, "T"), net(63, "T"),
    // K: numeric and string keys
    p(70, "K", { process: { name: "p.exe", pid: 7 } }), f(71, "K", { process: { pid: 7 } }), f(72, "K", { process: { pid: 8 } }),
  ];

  const queries: [string, Partial<ResolvedDetection>][] = [
    ["sample by host.name [process where true] [file where true]", {}],
    ['sample by host.name [file where file.name == "f.txt"] [process where process.name : "P.EXE"]', {}],
    ["sample by host.name [any where true] [any where true]", {}],
    ["sample by host.name [process where true] [network where true] [file where true]", {}],
    ["sample by ?host.name [process where true] [file where true]", {}],
    ["sample [process where true] by process.executable [file where true] by file.path", {}],
    ["sample by host.name, process.pid [process where true] [file where true]", {}],
    ["sample by host.name [network where true] [network where true]", {}],
    ["sample by host.name [process where true] [file where true]", { tiebreakerField: "event.sequence" }],
  ];

  const engineEvents: TestEvent[] = events;

  beforeAll(async () => {
    http = target.connect();
    await raiseTemplateCompileLimits(http);
    await createEventIndex(http, index, events, undefined, target.shards);
  });

  afterAll(async () => {
    await deleteIndex(http, index);
  });

  describe("sample monitor on the node == in-memory engine", () => {
    it.each(queries)("%s %j", async (query, overrides) => {
      const detection = makeDetection({ query, indices: [index], ...overrides });
      const expected: Record<string, string[][]> = {};
      for (const alert of buildAlerts(detection, runOnEngine(detection, engineEvents))) (expected[String(alert.entity)] ??= []).push(alert.events.map((e) => e.id));
      const run = await runOnCluster(http, detection, periodEnd, runner);
      expect(run.error).toBeNull();
      const actual: Record<string, string[][]> = {};
      for (const alert of run.alerts) actual[String(alert.entity)] = (alert.sequences ?? []).map((s) => s.events.map((e) => e.id));
      for (const list of [...Object.values(expected), ...Object.values(actual)]) list.sort();
      expect(actual).toEqual(expected);
      expect(run.triggered).toBe(Object.keys(expected).length > 0);
    });

    it("pins the samples by hand for the headline query", async () => {
      const detection = makeDetection({ query: queries[0]![0], indices: [index] });
      const run = await runOnCluster(http, detection, periodEnd, runner);
      const byEntity = Object.fromEntries(run.alerts.map((a) => [a.entity, (a.sequences ?? []).map((s) => s.events.map((e) => e.id).join(","))]));
      expect(byEntity["A"]).toEqual(["s2,s1"]); // filter order, first events
      expect(byEntity["B"]).toBeUndefined();
      expect(byEntity["D2"]).toEqual(["s8,s9"]);
      expect(byEntity["D1"]).toEqual(["s8,s10"]);
    });
  });
}
