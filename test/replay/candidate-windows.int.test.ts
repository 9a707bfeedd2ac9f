import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import {
  closeClusterReplay,
  deriveLocalEnvironment,
  evaluateMonitorBody,
  fixtureSlotKey,
  loadClusterReplay,
  openClusterReplay,
  planCandidateWindows,
  planWindowEnds,
  runClusterReplay,
  scopeMonitorToReplay,
  type ClusterReplayOptions,
} from "../../src/replay/index.ts";
import type { JsonObject } from "../../src/sync/index.ts";

/**
 * Exact window skipping (candidate-windows.ts) on the shared real node: the
 * detections of the pack with the most windows (a sequence and an event
 * query over the real traces, many windows each) replayed with and without
 * it give the same verdict, alerts and entities on every test, with fewer
 * windows; and a monitor that fails on an empty window makes its cases run
 * every window again (each then reports the failure itself).
 */
const root = resolve(import.meta.dirname, "../..");
const url = inject("opensearchUrl");
const pack = await loadDetections([join(root, "detections/psexec")]);
const envs = loadEnvironments(join(root, "environments.yaml"));
if (!envs.ok) throw new Error("environments.yaml does not load");
const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));
const detections = pack.detections.filter((d) => ["service-spawned-suspicious-command", "service-installed-with-suspicious-image-path"].includes(d.id));
const options = (runId: string): ClusterReplayOptions => ({ target: deriveLocalEnvironment(envs.value, url), detections, exceptions: pack.exceptions, environments, ownsCluster: true, runId });

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("replay with candidate windows", () => {
  it("gives every test the verdict, alerts and entities of a replay that runs every window with events, in fewer windows", async () => {
    expect(detections).toHaveLength(2);
    const skipping = await runClusterReplay(options("intcand1"));
    const every = await runClusterReplay({ ...options("intcand0"), candidateWindows: false });
    const verdict = (r: (typeof every.results)[number]) => [`${r.detectionId} › ${r.test}`, r.passed, r.actualAlerts, r.entities, r.reason ?? null];
    expect(skipping.results.length).toBeGreaterThan(60);
    expect(skipping.results.map(verdict)).toEqual(every.results.map(verdict));
    expect(skipping.results.filter((r) => r.actualAlerts > 0).length).toBeGreaterThan(10);
    expect(skipping.stats.windows).toBeLessThan(every.stats.windows);
  }, 600_000);

  it("runs every window of a case when a window without candidates fails (a broken trigger), or when the candidate search fails (a broken key script)", async () => {
    const detection = pack.detections.find((d) => d.id === "service-installed-with-suspicious-image-path")!;
    const session = await openClusterReplay({ ...options("intcand2"), detections: [detection] });
    try {
      const loaded = await loadClusterReplay(session);
      // The test whose fixture spans the most windows.
      const windowsOf = (x: (typeof session.cases)[number]) => planWindowEnds(loaded.fixtures.get(fixtureSlotKey(x.test.fixture, x.detection.timestampField))!.first, loaded.periodEnd, 900_000);
      const c = [...session.cases].sort((a, b) => windowsOf(b).length - windowsOf(a).length)[0]!;
      const where = { index: c.scope!.index, marker: c.scope!.marker, events: loaded.fixtures.get(fixtureSlotKey(c.test.fixture, c.detection.timestampField))!.total };
      const badKeys = structuredClone(c.deployed!.body) as Loose;
      (Object.values(badKeys.inputs[0].search.query.aggregations as Loose)[0] as Loose).composite.sources[0] = { entity: { terms: { script: { source: "this is not painless(", lang: "painless" } } } };
      expect(await planCandidateWindows(session.client, [{ deployed: badKeys as JsonObject, ...where }])).toEqual([undefined]);
      const broken = structuredClone(c.deployed!.body) as Loose;
      broken.triggers[0].bucket_level_trigger.condition.script.source = "this is not painless(";
      const [plan] = await planCandidateWindows(session.client, [{ deployed: broken as JsonObject, ...where }]);
      expect(plan).toBeDefined();
      const ends = windowsOf(c);
      expect(ends.length).toBeGreaterThan(2);
      const body = scopeMonitorToReplay(broken as JsonObject, c.scope!);
      const brokenRun = await evaluateMonitorBody(session.target, body, loaded.periodEnd);
      expect(brokenRun.error).not.toBeNull();
      // The probe (an empty window of this monitor) fails: no choice is made, every window runs.
      expect(await plan!.selectWindows(ends, 900_000, (end) => evaluateMonitorBody(session.target, body, end))).toBeUndefined();
      // The unbroken monitor's probe is quiet: only windows with candidates run, at least one of them.
      const [good] = await planCandidateWindows(session.client, [{ deployed: c.deployed!.body, ...where }]);
      const picked = await good!.selectWindows(ends, 900_000, (end) => evaluateMonitorBody(session.target, scopeMonitorToReplay(c.deployed!.body, c.scope!), end));
      expect(picked!.length).toBeLessThan(ends.length);
      expect(good!.singlePage).toBe(true);
      // A clone under another name and trigger name (as the bench's generated detections) shares the probe: run once for both.
      const renamed = structuredClone(c.deployed!.body) as Loose;
      renamed.name = "a clone";
      renamed.triggers[0].bucket_level_trigger.name = "dac:a-clone";
      const other = [...session.cases].find((x) => x.scope!.marker !== c.scope!.marker && x.scope!.index === c.scope!.index)!;
      const otherWhere = { index: other.scope!.index, marker: other.scope!.marker, events: loaded.fixtures.get(fixtureSlotKey(other.test.fixture, other.detection.timestampField))!.total };
      const plans = await planCandidateWindows(session.client, [{ deployed: c.deployed!.body, ...where }, { deployed: renamed as JsonObject, ...otherWhere }]);
      let runs = 0;
      const counted = (body: JsonObject) => (end: number) => (runs++, evaluateMonitorBody(session.target, body, end));
      await plans[0]!.selectWindows(ends, 900_000, counted(scopeMonitorToReplay(c.deployed!.body, c.scope!)));
      await plans[1]!.selectWindows([loaded.periodEnd, loaded.periodEnd - 900_001, loaded.periodEnd - 1_800_002], 900_000, counted(scopeMonitorToReplay(renamed as JsonObject, other.scope!)));
      expect(runs).toBe(1);
    } finally {
      await closeClusterReplay(session);
    }
  }, 300_000);
});
