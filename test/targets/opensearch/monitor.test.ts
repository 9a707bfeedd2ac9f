import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileMonitor, hashMonitor, PAINLESS_LOOP_BUDGET, JOIN_SCRIPTS } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "./detection-fixture.ts";

// Golden bodies: reviewed in PRs. Regenerate with DAC_UPDATE_GOLDEN=1.
const goldenDir = new URL("./golden/", import.meta.url);

function expectGolden(name: string, value: unknown): void {
  // The Painless programs have their own file; goldens show their names and params only.
  const names = new Map(Object.entries(JOIN_SCRIPTS).map(([name, source]) => [source, `<${name}>`]));
  const text = `${JSON.stringify(value, (_k, v) => (typeof v === "string" ? (names.get(v) ?? v) : v), 2)}\n`;
  const file = new URL(`${name}.json`, goldenDir);
  if (process.env["DAC_UPDATE_GOLDEN"] === "1" || !existsSync(file)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, "utf8"));
}

const exceptions = [
  { name: "it-admin", description: "IT admin remediation", entries: [{ kind: "equals" as const, field: "user.name", value: "svc-patch" }, { kind: "any-of" as const, field: "host.name", values: ["ADMIN01"] }] },
];

describe("compileMonitor", () => {
  it("event query -> bucket-level monitor, one alert per entity, exceptions as must_not", () => {
    const result = compileMonitor(
      makeDetection({ id: "psexesvc-spawn", name: "PsExec service spawned", severity: "critical", query: 'process where process.name : "psexesvc.exe" and process.parent.name : "services.exe"', exceptions, exceptionNames: ["it-admin"] }),
    );
    expect(result.ok).toBe(true);
    expectGolden("event-bucket-level", result.ok ? result.value : result.diagnostics);
  });

  it("sequence -> bucket-level monitor: a composite per join-key position, the matcher's metrics and params", () => {
    const result = compileMonitor(
      makeDetection({
        id: "psexec-drop-then-service",
        severity: "medium",
        tiebreakerField: "event.sequence",
        query:
          'sequence with maxspan=2m [file where file.name : "psexesvc.exe"] by host.name, file.path [process where process.name : "psexesvc.exe"] by host.name, process.executable with runs=2 until [process where event.type == "end"] by host.name, process.executable',
        exceptions,
      }),
    );
    expect(result.ok).toBe(true);
    expectGolden("sequence-bucket-level", result.ok ? result.value : result.diagnostics);
  });

  it("scores stage k with 2^k (the stage mask) and keeps no null in scripted_metric params", () => {
    const result = compileMonitor(makeDetection({ query: "sequence by ?host.name [process where true] [file where true] [any where true]" }));
    const search = result.ok ? (result.value as any).inputs[0].search.query : undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(search.query.bool.should.map((c: any) => [c.constant_score._name, c.constant_score.boost])).toEqual([["s0", 1], ["s1", 2], ["s2", 4]]); // eslint-disable-line @typescript-eslint/no-explicit-any
    const composite = search.aggregations.dac_join_keys;
    expect(composite.composite.sources[0].k0.terms.script.params).toEqual({ fields: ["host.name"], optional: ["host.name"] });
    const params = composite.aggregations.dac_sequence_count.scripted_metric.params;
    expect(params).toMatchObject({ output: "count", tiebreaker: "", maxspan: -1, stages: [{ b: 0 }, { b: 1 }, { b: 2 }] });
    expect(params).not.toHaveProperty("until");
    for (const metric of Object.values(composite.aggregations) as any[]) expect(JSON.stringify(metric.scripted_metric.params)).not.toContain("null"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((result as any).value.triggers[0].bucket_level_trigger.condition).toEqual({ // eslint-disable-line @typescript-eslint/no-explicit-any
      buckets_path: { sequences: "dac_sequence_count.value" },
      parent_bucket_path: "dac_join_keys",
      script: { source: "params.sequences != 0", lang: "painless" },
    });
  });

  it("one constant-key bucket when the sequence has no join keys", () => {
    const result = compileMonitor(makeDetection({ query: "sequence [process where true] [file where true]" }));
    const composite = result.ok ? (result.value as any).inputs[0].search.query.aggregations.dac_join_keys : undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(composite.composite.sources).toHaveLength(1);
    expect(composite.composite.sources[0].k0.terms.script.params).toEqual({ fields: [], optional: [] });
  });

  it("maps severity to OpenSearch levels 1..4 and stores the marker, id, hash and source", () => {
    for (const [severity, level] of [["critical", "1"], ["high", "2"], ["medium", "3"], ["low", "4"]] as const) {
      const result = compileMonitor(makeDetection({ severity }));
      const monitor = result.ok ? (result.value as any) : undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(monitor.triggers[0].bucket_level_trigger.severity).toBe(level);
      expect(monitor.ui_metadata.dac).toMatchObject({ managed: true, id: "test-rule", source: { severity, query: makeDetection().query } });
      expect(monitor.ui_metadata.dac.hash).toBe(hashMonitor(monitor));
    }
  });

  it("changes the hash when content changes, not otherwise", () => {
    const hashOf = (query: string) => ((compileMonitor(makeDetection({ query })) as any).value.ui_metadata.dac.hash as string); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(hashOf('process where a == "1"')).toBe(hashOf('process where a == "1"'));
    expect(hashOf('process where a == "1"')).not.toBe(hashOf('process where a == "2"'));
  });

  it("stores the dac project in ui_metadata.dac, inside the hash, and nothing without one", () => {
    const dacOf = (project?: string) => ((compileMonitor(makeDetection(), project === undefined ? {} : { project }) as any).value.ui_metadata.dac as Record<string, unknown>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(dacOf("soc-emea")).toMatchObject({ managed: true, project: "soc-emea" });
    expect(dacOf()).not.toHaveProperty("project");
    expect(dacOf("a").hash).not.toBe(dacOf("b").hash);
  });

  it("honours the enabled override (the adapter creates disabled first)", () => {
    const result = compileMonitor(makeDetection({ enabled: true }), { enabled: false });
    expect(result.ok && result.value.enabled).toBe(false);
  });

  it("caps the events per join key for long runs-expanded sequences (Painless loop budget)", () => {
    const limitOf = (query: string) => ((compileMonitor(makeDetection({ query })) as any).value.inputs[0].search.query.aggregations.dac_join_keys.aggregations.dac_sequence_count.scripted_metric.params.limit as number); // eslint-disable-line @typescript-eslint/no-explicit-any
    const long = limitOf("sequence by host.name [process where true] with runs=100 [file where true]");
    expect(long).toBeGreaterThan(100);
    expect(long * 101 * 3).toBeLessThanOrEqual(PAINLESS_LOOP_BUDGET);
    expect(limitOf("sequence by host.name [process where true] [file where true]")).toBe(10_000);
  });
});

describe("compileMonitor: refusals, located in the detection module", () => {
  // makeDetection puts the query's first character at line 10, column 12 of the module.
  it.each([
    ['sequence [process where true] by concat(host.name, "x") [file where true] by host.name', "join keys other than plain fields", 10, 45],
    ['sample [process where true] by concat(host.name, "x") [file where true] by host.name', "join keys other than plain fields", 10, 43],
    [`sequence ${Array.from({ length: 25 }, () => "[any where true]").join(" ")}`, "at most 24 stages", 10, 12],
    ['process where substring(process.name, 1) regex "a(?=b)"', "look-around", 10, 12 + 'process where substring(process.name, 1) regex '.length],
  ])("%s", (query, messagePart, line, column) => {
    const result = compileMonitor(makeDetection({ query }));
    expect(result.ok).toBe(false);
    const d = result.diagnostics.find((x) => x.message.includes(messagePart));
    expect(d, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(d).toMatchObject({ code: "opensearch/unsupported", ruleId: "test-rule", range: { file: "detections/test/test-rule.ts", start: { line, column } } });
  });

  it("refuses a schedule OpenSearch cannot run, naming the field", () => {
    const result = compileMonitor(makeDetection({ schedule: { interval: "30s", lookback: "1m" } }));
    expect(result.diagnostics).toMatchObject([{ code: "opensearch/unsupported-schedule", path: ["schedule", "interval"], ruleId: "test-rule" }]);
  });

  it("passes parse errors through, located", () => {
    const result = compileMonitor(makeDetection({ query: "process where" }));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.range?.file).toBe("detections/test/test-rule.ts");
  });
});
