import { describe, expect, it } from "vitest";
import { judgeCase, mergeMonitorRuns, planWindowEnds, selectWindowsWithEvents, type ReplayCase } from "../../src/replay/index.ts";

const run = (alerts: [string | null, number][]) => ({ triggered: alerts.length > 0, alerts: alerts.map(([entity, count]) => ({ entity, count })), error: null });

describe("max_signals on a node replay (the same cap as offline)", () => {
  it("mergeMonitorRuns sums per entity and stops at max_signals, most recent window first", () => {
    const merged = mergeMonitorRuns([run([["h1", 3], ["h2", 2]]), run([["h3", 4], ["h1", 1]])], 6);
    expect(merged.alerts).toEqual([
      { entity: "h1", count: 3 },
      { entity: "h2", count: 2 },
      { entity: "h3", count: 1 },
    ]);
    expect(mergeMonitorRuns([run([["h1", 3]]), run([["h1", 4]])]).alerts).toEqual([{ entity: "h1", count: 7 }]);
  });

  it("judgeCase counts at most the detection's maxSignals alerts", () => {
    const c = {
      detection: { id: "d", maxSignals: 100, source: { file: "d.ts" } },
      test: { name: "t", fixture: "f.ndjson", expectAlerts: 100 },
    } as unknown as ReplayCase;
    const verdict = judgeCase(c, run([["h1", 150], ["h2", 64]]), 1);
    expect(verdict.actualAlerts).toBe(100);
    expect(verdict.passed).toBe(true);
  });
});

describe("windows a node replay runs", () => {
  const W = 900_000;
  const ends = planWindowEnds(0, 10 * W, W);
  const loaded = (times: number[] | undefined) => ({ ...(times ? { times } : {}), timeFields: ["@timestamp", "event.created", "event.ingested"] });

  it("keeps the first window and every window holding one of the fixture's events, at either edge", () => {
    const picked = selectWindowsWithEvents(ends, W, loaded([W - 1, 5 * W, 10 * W - 5]));
    expect(picked[0]).toBe(10 * W);
    for (const t of [5 * W, W - 1]) expect(picked.some((end) => t >= end - W && t <= end)).toBe(true);
    expect(picked.length).toBeLessThan(ends.length);
  });

  it("keeps every window when some time is unknown or the window reads another field", () => {
    expect(selectWindowsWithEvents(ends, W, loaded(undefined))).toEqual(ends);
    expect(selectWindowsWithEvents(ends, W, loaded([10 * W]), "custom.time")).toEqual(ends);
    expect(selectWindowsWithEvents(ends, W, loaded([10 * W]), "event.ingested")).toEqual([10 * W]);
  });
});
