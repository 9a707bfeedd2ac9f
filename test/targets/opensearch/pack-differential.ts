import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnvironments } from "../../../src/config/index.ts";
import { resolveDetection, loadDetections, type ResolvedDetection } from "../../../src/detection/index.ts";
import { readFixtureEvents, runDetectionOffline, type FixtureEvent } from "../../../src/replay/index.ts";
import { deriveReplayMappings } from "../../../src/replay/ecs-template.ts";
import { checkOpenSearchSupport } from "../../../src/targets/opensearch/index.ts";
import { connectTestNode, createEventIndex, deleteIndex, raiseTemplateCompileLimits, runOnCluster, type MonitorRunner } from "./cluster-harness.ts";

/**
 * Differential over the psexec pack: for every detection and every fixture its
 * tests name, the alerts the compiled monitor raises on the node (run by
 * `runner`, period_end just after the fixture's last event, window stretched
 * over the whole fixture) equal, per entity, the alerts the offline engine
 * raises. Known mismatches live in pack-known-mismatches.json with a reason;
 * the file is shared by both runners, so a mismatch is a property of the
 * compiled monitor, not of how it was run.
 * Defined by pack.int.test.ts (core-API evaluation) and pack.alerting.test.ts
 * (the plugin's `_execute`).
 */
export async function definePackDifferential(runner: MonitorRunner): Promise<void> {
  const http = connectTestNode();
  const prefix = `dac-it-pack-${process.pid}`;
  const known = JSON.parse(readFileSync(new URL("./pack-known-mismatches.json", import.meta.url), "utf8")) as { mismatches: { detection: string; fixture: string; reason: string }[] };

  const pack = await loadDetections(["detections/psexec"]);
  const environments = loadEnvironments("environments.yaml");
  if (!environments.ok) throw new Error("environments.yaml does not load");
  const testValues = environments.value.environments["test"]?.exceptionValues ?? {};

  const resolved: ResolvedDetection[] = pack.detections.map((d) => {
    const r = resolveDetection(d, testValues, pack.exceptions, "test");
    if (!r.ok) throw new Error(`${d.id}: ${r.diagnostics.map((x) => x.message).join("; ")}`);
    return r.value;
  });
  const fixtures = [...new Set(resolved.flatMap((d) => d.tests.map((t) => t.fixture)))].sort();
  const indexOf = (fixture: string) => `${prefix}-${fixtures.indexOf(fixture)}`;
  const eventsOf = new Map<string, FixtureEvent[]>(fixtures.map((f) => [f, readFixtureEvents(f)]));

  /** Fixture events with their original line text: JSON.parse loses 64-bit integers such as winlog.keywords. */
  function rawEventsOf(fixture: string): (FixtureEvent & { raw: string })[] {
    const lines = readFileSync(fixture, "utf8").split("\n").filter((line) => line.trim() !== "");
    const events = eventsOf.get(fixture)!;
    if (lines.length !== events.length) throw new Error(`${fixture}: cannot pair lines with events`);
    return events.map((e, i) => ({ ...e, raw: lines[i]! }));
  }

  function lastMillis(events: readonly FixtureEvent[], field: string): number {
    return Math.max(...events.map((e) => Date.parse(String((e.source as Record<string, unknown>)[field] ?? ""))).filter((t) => !Number.isNaN(t)));
  }

  beforeAll(async () => {
    await raiseTemplateCompileLimits(http);
    for (const fixture of fixtures) {
      await createEventIndex(http, indexOf(fixture), rawEventsOf(fixture), deriveReplayMappings());
    }
  }, 600_000);

  afterAll(async () => {
    for (const fixture of fixtures) await deleteIndex(http, indexOf(fixture));
  });

  it("loads the pack: detections and fixtures exist", () => {
    expect(pack.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(resolved.length).toBeGreaterThan(5);
    expect(fixtures.length).toBeGreaterThan(5);
  });

  describe.each(resolved.map((d) => [d.id, d] as const))("%s", (_id, detection) => {
    it("compiles for OpenSearch", () => {
      expect(checkOpenSearchSupport(detection)).toEqual([]);
    });

    it.each(detection.tests.map((t) => [basename(t.fixture), t] as const))("%s: cluster alerts == engine alerts per entity", async (name, test) => {
      const events = eventsOf.get(test.fixture)!;
      const mismatch = known.mismatches.find((m) => m.detection === detection.id && m.fixture === name);
      const periodEnd = lastMillis(events, "@timestamp") + 1;
      // Stretch the window over the whole fixture: real traces span hours.
      const onCluster = { ...detection, indices: [indexOf(test.fixture)], schedule: { interval: "5m", lookback: "5256000m" } };
      const engineAlerts = runDetectionOffline(detection, events);
      const expected: Record<string, number> = {};
      for (const a of engineAlerts) expected[a.entity ?? "null"] = (expected[a.entity ?? "null"] ?? 0) + 1;
      const run = await runOnCluster(http, onCluster, periodEnd, runner);
      expect(run.error).toBeNull();
      const actual: Record<string, number> = Object.fromEntries(run.alerts.map((a) => [a.entity ?? "null", a.count]));
      if (mismatch) {
        expect(actual, `listed as a known mismatch (${mismatch.reason}) but now agrees: remove it`).not.toEqual(expected);
        return;
      }
      expect(actual).toEqual(expected);
      // And the test's own expectation holds on the cluster too.
      expect(Object.values(actual).reduce((a, b) => a + b, 0) > 0).toBe(test.expectAlerts > 0);
      if (test.expectEntity !== undefined) expect(Object.keys(actual)).toContain(test.expectEntity);
    });
  });
}
