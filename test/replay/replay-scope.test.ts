import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../src/config/index.ts";
import { loadDetections } from "../../src/detection/index.ts";
import { deriveLocalEnvironment, planReplayCases, REPLAY_MARKER_FIELD, scopeMonitorToReplay, unscopeReplayMonitor } from "../../src/replay/index.ts";
import { buildDesiredResources, selectDesiredCompiler, type JsonObject } from "../../src/sync/index.ts";

const pack = await loadDetections(["detections/psexec"]);
const envs = loadEnvironments("environments.yaml");
if (!envs.ok) throw new Error("environments.yaml must load");
const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));
const target = deriveLocalEnvironment(envs.value, "http://localhost:9200");
const scope = { index: "dac-replay-fixtures-0-run1", marker: "f7" };

function planCases(deploys: boolean) {
  return planReplayCases(pack.detections, pack.exceptions, { target, environments, compiler: selectDesiredCompiler(target), runId: "run1", deploys, scopeOf: () => scope });
}

describe("the monitor replay runs", () => {
  it("is, on every test of the pack, the body dac deploy compiles for the test's environment, apart from the index and the scope", () => {
    const cases = planCases(false);
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const c of cases) {
      expect(c.problem).toBeUndefined();
      // The deploy path, for an environment holding the test's exception values.
      const values = environments[c.test.environment ?? "test"]!;
      const deployed = buildDesiredResources({ ...pack, detections: [c.detection] }, { ...target, exceptionValues: values }, selectDesiredCompiler(target)).desired[0]!;
      const replayed = c.desired!.body;
      expect(JSON.stringify(unscopeReplayMonitor(replayed, (deployed.body as { inputs: { search: { indices: string[] } }[] }).inputs[0]!.search.indices))).toBe(JSON.stringify(deployed.body));
      const search = (replayed as { inputs: { search: { indices: string[]; query: { query: unknown } } }[] }).inputs[0]!.search;
      expect(search.indices).toEqual([scope.index]);
      expect(search.query.query).toMatchObject({ bool: { filter: [{ term: { [REPLAY_MARKER_FIELD]: scope.marker } }] } });
    }
  });

  it("keeps the deployed query scoring (must) and only filters on the marker, for sequences too", () => {
    const sequence = planCases(false).find((c) => c.detection.query.trimStart().startsWith("sequence"))!;
    const query = (sequence.desired!.body as { inputs: { search: { query: { query: { bool: Record<string, unknown[]> } } } }[] }).inputs[0]!.search.query.query;
    expect(Object.keys(query.bool).sort()).toEqual(["filter", "must"]);
    expect(query.bool["must"]).toEqual([(sequence.deployed!.body as { inputs: { search: { query: { query: unknown } } }[] }).inputs[0]!.search.query.query]);
  });

  it("where it is deployed (Alerting), also carries the replay id and is disabled, nothing else", () => {
    type Body = JsonObject & { enabled: boolean; triggers: { bucket_level_trigger: { name: string } }[]; ui_metadata: { dac: { id: string; hash: string; source: { indices: string[]; enabled: boolean } } } };
    // The identity a deployed replay monitor needs: its sync id (metadata, trigger name), disabled, and the hash over them.
    const withoutIdentity = (b: Body) => {
      const copy = structuredClone(b);
      copy.enabled = false;
      copy.triggers[0]!.bucket_level_trigger.name = "";
      Object.assign(copy.ui_metadata.dac, { id: "", hash: "" });
      Object.assign(copy.ui_metadata.dac.source, { indices: [], enabled: false });
      return JSON.stringify(copy);
    };
    for (const c of planCases(true)) {
      const body = unscopeReplayMonitor(c.desired!.body, ["x"]) as Body;
      expect(c.desired!.id).toBe(c.replayId);
      expect(body.enabled).toBe(false);
      expect(body.ui_metadata.dac.id).toBe(c.replayId);
      const deployed = structuredClone(c.deployed!.body) as Body & { inputs: { search: { indices: string[] } }[] };
      deployed.inputs[0]!.search.indices = ["x"];
      expect(withoutIdentity(body)).toBe(withoutIdentity(deployed));
    }
  });

  it("refuses to unscope a body that was not scoped, and does not change its input", () => {
    const deployed = planCases(false)[0]!.deployed!.body;
    const before = JSON.stringify(deployed);
    scopeMonitorToReplay(deployed, scope);
    expect(JSON.stringify(deployed)).toBe(before);
    expect(() => unscopeReplayMonitor(deployed, ["x"])).toThrow(/not scoped/);
  });
});
