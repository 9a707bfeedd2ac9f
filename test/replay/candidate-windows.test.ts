import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import { candidateSearchOf, deriveLocalEnvironment, isQuietRun, planReplayCases, selectCandidateWindows } from "../../src/replay/index.ts";
import { selectDesiredCompiler, type JsonObject } from "../../src/sync/index.ts";

const pack = await loadDetections(["detections/psexec"]);
const envs = loadEnvironments("environments.yaml");
if (!envs.ok) throw new Error("environments.yaml must load");
const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));
const target = deriveLocalEnvironment(envs.value, "http://localhost:9200");
const cases = planReplayCases(pack.detections, pack.exceptions, {
  target,
  environments,
  compiler: selectDesiredCompiler(target),
  runId: "run1",
  scopeOf: () => ({ index: "dac-replay-fixtures-0-run1", marker: "f1" }),
});

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const searchOf = (body: JsonObject) => (body as Loose).inputs[0].search.query as Loose;

describe("the candidate search of a compiled monitor", () => {
  it("is, for every monitor of the pack, its query with the window range (and only it) replaced by match_all", () => {
    const bodies = new Map(cases.map((c) => [c.detection.id, c.deployed!.body]));
    expect(bodies.size).toBeGreaterThanOrEqual(15);
    for (const [id, body] of bodies) {
      const search = candidateSearchOf(body);
      expect(search, id).toBeDefined();
      const deployedQuery = searchOf(body).query as Loose;
      const range = deployedQuery.bool.filter[0].range;
      expect(Object.keys(range)).toEqual([search!.field]);
      // Put the range back: the deployed query, byte for byte.
      const restored = structuredClone(search!.query) as Loose;
      restored.bool.filter[0] = { range };
      expect(JSON.stringify(restored)).toBe(JSON.stringify(deployedQuery));
      expect(JSON.stringify(search!.query)).not.toContain("{{");
      const composite = Object.values(searchOf(body).aggregations as Loose)[0].composite;
      expect(search!.composite).toEqual({ size: composite.size, sources: composite.sources });
    }
  });

  it("is refused where a window without candidates could still answer: a global aggregation, a post_filter, another template tag, a query-level monitor", () => {
    const body = cases.find((c) => c.detection.id === "psexesvc-service-installed")!.deployed!.body;
    const edit = (change: (b: Loose) => void) => {
      const copy = structuredClone(body) as Loose;
      change(copy);
      return candidateSearchOf(copy);
    };
    expect(edit(() => undefined)).toBeDefined();
    expect(edit((b) => (b.inputs[0].search.query.aggregations.all = { global: {} }))).toBeUndefined();
    expect(edit((b) => (b.inputs[0].search.query.post_filter = { match_all: {} }))).toBeUndefined();
    expect(edit((b) => b.inputs[0].search.query.query.bool.filter.push({ range: { "event.created": { gte: "{{period_start}}" } } }))).toBeUndefined();
    expect(edit((b) => (b.monitor_type = "query_level_monitor"))).toBeUndefined();
    expect(edit((b) => b.inputs[0].search.query.query.bool.filter.reverse())).toBeUndefined();
  });
});

describe("the windows a case runs", () => {
  const W = 900_000;
  const ends = [10 * W, 9 * W - 1, 8 * W - 2, 7 * W - 3];

  it("are those holding a candidate, at either edge (one second of margin), and none without candidates", () => {
    expect(selectCandidateWindows(ends, W, [])).toEqual([]);
    expect(selectCandidateWindows(ends, W, [10 * W])).toEqual([10 * W]);
    expect(selectCandidateWindows(ends, W, [9 * W - 1 - W])).toEqual([9 * W - 1, 8 * W - 2]);
    expect(selectCandidateWindows(ends, W, [7 * W - 3 - W - 1000])).toEqual([7 * W - 3]);
    expect(selectCandidateWindows(ends, W, [7 * W - 3 - W - 1001])).toEqual([]);
  });

  it("may be skipped only when an empty window answers with nothing: no alert, no error", () => {
    expect(isQuietRun({ triggered: false, alerts: [], error: null })).toBe(true);
    expect(isQuietRun({ triggered: false, alerts: [], error: "script_exception" })).toBe(false);
    expect(isQuietRun({ triggered: true, alerts: [{ entity: null, count: 1 }], error: null })).toBe(false);
  });
});
