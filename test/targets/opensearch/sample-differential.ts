import { describe, expect, it } from "vitest";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { SINGLE_NODE, shardsHolding, type ClusterTarget, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";
import { makeDetection } from "./detection-fixture.ts";
import { eventMaker, expectNodeMatchesEngine, pinnedMatches, useEventIndex } from "./join-differential.ts";

/**
 * Differential for `sample by …`: the sample monitor on the node (a Painless
 * sampler per join-key bucket) raises exactly the samples the in-memory
 * engine finds, the same events in filter order, per entity. Both read a
 * key's events in (timestamp, tiebreaker, `_id`) order, so equal timestamps
 * pick the same events on one shard and on several (host TS). One host per
 * edge case. Defined by sample.int.test.ts (core-API evaluation),
 * sample.alerting.test.ts (the plugin's `_execute`) and
 * three-node.multinode.test.ts (6 shards over 3 nodes).
 */
export function defineSampleDifferential(runner: MonitorRunner, target: ClusterTarget = SINGLE_NODE): void {
  const index = `dac-it-sample-${process.pid}`;
  const periodEnd = Date.parse("2024-01-01T00:05:00Z");

  const ev = eventMaker("s");
  const p = (s: number, host: unknown, extra: Record<string, unknown> = {}, id?: string) => ev(s, "process", { host: { name: host }, process: { name: "p.exe" }, ...extra }, id);
  const f = (s: number, host: unknown, extra: Record<string, unknown> = {}, id?: string) => ev(s, "file", { host: { name: host }, file: { name: "f.txt" }, ...extra }, id);
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
    // L: written out of time order: the earliest candidates win, not the first written
    f(82, "L"), p(81, "L"), f(80, "L"),
    // TS: six candidates at one instant. Input order picks tsp-300/tsf-30, plain string order
    // tsp-100/tsf-10, `_id` order (digit runs as numbers) tsp-20/tsf-9: the sample is that on any
    // number of shards (the ids spread over them), where each shard's write order would differ.
    f(150, "TS", {}, "tsf-30"), f(150, "TS", {}, "tsf-10"), f(150, "TS", {}, "tsf-9"),
    p(150, "TS", {}, "tsp-300"), p(150, "TS", {}, "tsp-100"), p(150, "TS", {}, "tsp-20"),
    // TB: equal timestamps, event.sequence decides where the query has it as tiebreaker, `_id` elsewhere
    f(160, "TB", { event: { sequence: 2 } }, "tbf-1"), f(160, "TB", { event: { sequence: 1 } }, "tbf-2"), p(160, "TB", { event: { sequence: 3 } }, "tbp-1"),
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
    ["sample by host.name [any where true] [process where true] [file where true]", {}],
  ];

  const http = useEventIndex(target, index, events);

  describe("sample monitor on the node == in-memory engine", () => {
    it.each(queries)("%s %j", async (query, overrides) => {
      await expectNodeMatchesEngine(http(), makeDetection({ query, indices: [index], ...overrides }), events, periodEnd, runner);
    });

    it("pins the samples by hand for the headline query", async () => {
      const byEntity = await pinnedMatches(http(), makeDetection({ query: queries[0]![0], indices: [index] }), periodEnd, runner);
      expect(byEntity["A"]).toEqual(["s2,s1"]); // filter order, first events
      expect(byEntity["B"]).toBeUndefined();
      expect(byEntity["D2"]).toEqual(["s8,s9"]);
      expect(byEntity["D1"]).toEqual(["s8,s10"]);
      expect(byEntity["L"]).toEqual(["s23,s24"]); // the earliest file, written last
      expect(byEntity["TS"]).toEqual(["tsp-20,tsf-9"]);
      expect(byEntity["TB"]).toEqual(["tbp-1,tbf-1"]);
    });

    it.runIf(target.shards > 1)("spreads the TS ties over several shards", async () => {
      expect(await shardsHolding(http(), index, target.shards, { term: { "host.name": "TS" } })).toBeGreaterThan(1);
    });

    it("orders equal timestamps by the tiebreaker first", async () => {
      const byEntity = await pinnedMatches(http(), makeDetection({ query: queries[0]![0], indices: [index], tiebreakerField: "event.sequence" }), periodEnd, runner);
      expect(byEntity["TB"]).toEqual(["tbp-1,tbf-2"]);
      expect(byEntity["TS"]).toEqual(["tsp-20,tsf-9"]); // no tiebreaker value: `_id` still decides
    });
  });
}
