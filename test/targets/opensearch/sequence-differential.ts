import { describe, expect, it } from "vitest";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { JOIN_PAGE_SIZE } from "../../../src/targets/opensearch/index.ts";
import { SINGLE_NODE, type ClusterTarget, createEventIndex, deleteIndex, runOnCluster, runOnEngine, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";
import { makeDetection } from "./detection-fixture.ts";
import { engineMatches, eventMaker, expectNodeMatchesEngine, nodeMatches, pinnedMatches, useEventIndex } from "./join-differential.ts";
import { buildAlerts } from "../../../src/replay/index.ts";

/**
 * Differential for sequences: the bucket-level sequence monitor run on the
 * node (a Painless matcher per join-key bucket) raises exactly the sequences
 * the in-memory engine finds, per entity. The events pin the matcher's edge
 * cases, one host per case.
 * Defined by sequence.int.test.ts (core-API evaluation: the same search, the
 * trigger as a core bucket_selector), sequence.alerting.test.ts (the
 * plugin's `_execute`) and three-node.multinode.test.ts (6 shards).
 */
export function defineSequenceDifferential(runner: MonitorRunner, target: ClusterTarget = SINGLE_NODE): void {
  const index = `dac-it-seq-${process.pid}`;
  const periodEnd = Date.parse("2024-01-01T00:05:00Z");

  const ev = eventMaker("q");
  const x = (s: number, host: unknown, extra: Record<string, unknown> = {}) => ev(s, "process", { host: { name: host }, process: { name: "x" }, ...extra });
  const y = (s: number, host: unknown, extra: Record<string, unknown> = {}) => ev(s, "file", { host: { name: host }, file: { name: "y" }, ...extra });
  const end = (s: number, host: unknown) => ev(s, "process", { host: { name: host }, process: { name: "z" }, event: { type: "end" } });

  const events: TestEvent[] = [
    // A: newest wins (x1 x2 y -> x2 y); maxspan edge (exactly 5s kept, 5.001s dropped)
    x(1, "A"), x(2, "A"), y(3, "A"), x(10, "A"), y(15, "A"), x(20, "A"), y(25.001, "A"),
    // B: until cancels the pending sequence; an until after completion has no effect
    x(30, "B"), end(31, "B"), y(32, "B"), x(40, "B"), y(41, "B"), end(42, "B"),
    // C: different join-key field names per stage
    y(50, "C", { file: { name: "y", path: "C:\\a.exe" } }), x(51, "C", { process: { name: "x", executable: "C:\\a.exe" } }), x(52, "C", { process: { name: "x", executable: "C:\\b.exe" } }),
    // D: multi-valued join key expands to each value
    x(60, ["D1", "D2"]), y(61, "D2"), y(62, ["D1", "D3"]),
    // E: same timestamp, tiebreaker decides (seq 1 before seq 2; input order says file first)
    y(70, "E", { event: { sequence: 2 } }), x(70, "E", { event: { sequence: 1 } }), y(71, "F"),
    // R: runs
    x(80, "R"), x(81, "R"), x(82, "R"), x(83, "R"),
    // N: events without the join key
    x(90, undefined), y(91, undefined),
    // M: several entities interleaved
    x(100, "M1"), x(100.5, "M2"), y(101, "M2"), y(102, "M1"), y(103, "M1"),
    // MS: missing-event stages: end events before (within and beyond maxspan), between and after
    end(200, "MS"), x(203, "MS"), y(204, "MS"), end(206, "MS"), x(220, "MS"), end(221, "MS"), y(222, "MS"), x(230, "MS"), y(231, "MS"), end(245, "MS"),
    x(250, "MS2"), y(251, "MS2"), end(251, "MS2"), x(260, "MS2"),
    // T: equal timestamps; event.sequence decides where the query has it as tiebreaker, `_id` elsewhere
    x(280, "T", { event: { sequence: 4 } }), y(280, "T", { event: { sequence: 1 } }), x(280, "T", { event: { sequence: 2 } }), y(280, "T", { event: { sequence: 3 } }),
    // T2: equal timestamps WITHOUT a tiebreaker: `_id` order on any number of shards
    y(290, "T2"), x(290, "T2"), y(290, "T2"), x(290, "T2"), y(290, "T2"), x(291, "T2"), y(291, "T2"),
  ];

  const queries: [string, Partial<ResolvedDetection>][] = [
    ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"]', {}],
    ['sequence by host.name with maxspan=5s [process where process.name == "x"] [file where file.name == "y"]', {}],
    ['sequence by host.name with maxspan=1m [process where process.name == "x"] [file where file.name == "y"] until [process where event.type == "end"]', {}],
    ['sequence [file where file.name == "y"] by file.path [process where process.name == "x"] by process.executable', {}],
    ['sequence by host.name [process where process.name == "x"] with runs=3', {}],
    ['sequence by ?host.name [process where process.name == "x"] [file where file.name == "y"]', {}],
    ["sequence by host.name [process where true] [process where true] [file where true]", {}],
    ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"]', { tiebreakerField: "event.sequence" }],
    ['sequence with maxspan=2s [process where process.name == "x"] [file where file.name == "y"]', {}],
    ['sequence by host.name with maxspan=3s [any where true] [file where true] with runs=2', {}],
    // missing-event stages: middle, trailing, leading, both, and a single positive stage
    ['sequence by host.name with maxspan=10s [process where process.name == "x"] ![process where event.type == "end"] [file where file.name == "y"]', {}],
    ['sequence by host.name with maxspan=10s [process where process.name == "x"] [file where file.name == "y"] ![process where event.type == "end"]', {}],
    ['sequence by host.name with maxspan=5s ![process where event.type == "end"] [process where process.name == "x"] [file where file.name == "y"]', {}],
    ['sequence by host.name with maxspan=5s ![process where event.type == "end"] [process where process.name == "x"] [file where file.name == "y"] ![process where event.type == "end"]', {}],
    ['sequence by host.name with maxspan=3s [process where process.name == "x"] ![file where file.name == "y"]', {}],
    ['sequence with maxspan=2s [process where process.name == "x"] ![any where event.type == "end"] with runs=2 [file where file.name == "y"]', {}],
    // head/tail pipes: every key's sequences ranked together in completion order
    ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"] | head 3', {}],
    ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"] | tail 4', {}],
    ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"] | head 6 | tail 2', {}],
    ['sequence by host.name with maxspan=10s [process where process.name == "x"] [file where file.name == "y"] ![process where event.type == "end"] | tail 1', {}],
    ['sequence by host.name [process where true] [file where true] | tail 0', {}],
  ];

  const http = useEventIndex(target, index, events);

  describe("sequence monitor on the node == in-memory engine", () => {
    it.each(queries)("%s %j", async (query, overrides) => {
      await expectNodeMatchesEngine(http(), makeDetection({ query, indices: [index], ...overrides }), events, periodEnd, runner);
    });

    it("pins the edge cases by hand for the headline query", async () => {
      const byEntity = await pinnedMatches(http(), makeDetection({ query: queries[2]![0], indices: [index] }), periodEnd, runner);
      expect(byEntity["A"]).toEqual(["q2,q3", "q4,q5", "q6,q7"]); // newest wins; 1m maxspan keeps 5.001s
      expect(byEntity["B"]).toEqual(["q11,q12"]); // q8..q10 cancelled by the until event q9
      // Multi-valued key [D1, D2]: one sequence per value; the entity is the last event's.
      expect(byEntity["D2"]).toEqual(["q17,q18"]);
      expect(byEntity["D1"]).toEqual(["q17,q19"]);
    });

    // The matcher answers a key without an event of every positive stage (as
    // many as `runs` asks) with 0 before matching, and composite pages hold
    // JOIN_PAGE_SIZE keys: 2,500 keys (three pages) mixing complete keys,
    // keys with the first stage only, the last stage only, both in the wrong
    // order, or one run short, must alert exactly as the engine does.
    it.each([
      ['sequence by host.name [process where process.name == "x"] [file where file.name == "y"]'],
      ['sequence by host.name with maxspan=10s [process where process.name == "x"] ![process where event.type == "end"] [file where file.name == "y"]'],
      ['sequence by host.name [process where process.name == "x"] with runs=3'],
    ])("keeps every key across composite pages and keys lacking a stage: %s", async (query) => {
      const many = `${index}-keys`;
      let id = 0;
      const at = (i: number, k: number) => new Date(periodEnd - 200_000 + i * 40 + k).toISOString();
      const event = (i: number, k: number, category: string, fields: Record<string, unknown>): TestEvent => ({
        id: `k${id++}`,
        source: { "@timestamp": at(i, k), ...fields, host: { name: `K${String(i).padStart(4, "0")}` }, event: { category, ...((fields.event as object) ?? {}) } },
      });
      const px = (i: number, k: number) => event(i, k, "process", { process: { name: "x" } });
      const fy = (i: number, k: number) => event(i, k, "file", { file: { name: "y" } });
      const pend = (i: number, k: number) => event(i, k, "process", { process: { name: "z" }, event: { type: "end" } });
      const patterns: ((i: number) => TestEvent[])[] = [
        (i) => [px(i, 0), fy(i, 1)], // complete
        (i) => [px(i, 0)], // first stage only
        (i) => [fy(i, 0)], // last stage only
        (i) => [fy(i, 0), px(i, 1)], // wrong order
        (i) => [px(i, 0), px(i, 1), fy(i, 2)], // two runs of x, then y
        (i) => [px(i, 0), px(i, 1), px(i, 2)], // three runs of x
        (i) => [px(i, 0), pend(i, 1), fy(i, 2)], // missing event between
      ];
      const keyEvents = Array.from({ length: 2500 }, (_, i) => patterns[i % patterns.length]!(i)).flat();
      await createEventIndex(http(), many, keyEvents, undefined, target.shards);
      try {
        const detection = makeDetection({ query, indices: [many] });
        const expected = engineMatches(detection, keyEvents);
        expect(Object.keys(expected).length).toBeGreaterThan(JOIN_PAGE_SIZE / patterns.length);
        const run = await runOnCluster(http(), detection, periodEnd, runner);
        expect(run.error).toBeNull();
        expect(nodeMatches(run)).toEqual(expected);
      } finally {
        await deleteIndex(http(), many);
      }
    });

    it("refuses a join key with more candidates than the matcher's budget, and still alerts on the others", async () => {
      // runs=100 caps a join key at ~1,600 events (Painless loop budget); H's 1,700 overflow it, OK's 102 do not.
      const big = `${index}-big`;
      const at = (i: number) => new Date(periodEnd - 100_000 + i).toISOString();
      const many = Array.from({ length: 1700 }, (_, i) => ({ id: `b${i}`, source: { "@timestamp": at(i), event: { category: "process" }, host: { name: "H" } } }));
      const few = Array.from({ length: 102 }, (_, i) => ({ id: `ok${i}`, source: { "@timestamp": at(2 * i), event: { category: "process" }, host: { name: "OK" } } }));
      await createEventIndex(http(), big, [...many, ...few]);
      try {
        const detection = makeDetection({ query: "sequence by host.name [any where true] with runs=100 [any where true]", indices: [big] });
        const run = await runOnCluster(http(), detection, periodEnd, runner);
        expect(run.error).toContain('join key ["H"]: dac: 1700 candidate events for one join key in the window but the sequence matcher handles at most');
        const expected = buildAlerts(detection, runOnEngine(detection, few)).map((a) => a.events.map((e) => e.id).join(","));
        expect(expected.length).toBeGreaterThan(0);
        expect(run.alerts.map((a) => [a.entity, (a.sequences ?? []).map((s) => s.events.map((e) => e.id).join(","))])).toEqual([["OK", expected]]);
      } finally {
        await deleteIndex(http(), big);
      }
    });
  });
}
