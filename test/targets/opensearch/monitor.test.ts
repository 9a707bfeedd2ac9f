import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileMonitor, hashMonitor, SEQUENCE_TRIGGER_SCRIPT } from "../../../src/targets/opensearch/index.ts";
import { makeDetection } from "./detection-fixture.ts";

// Golden bodies: reviewed in PRs. Regenerate with DAC_UPDATE_GOLDEN=1.
const goldenDir = new URL("./golden/", import.meta.url);

function expectGolden(name: string, value: unknown): void {
  // The Painless program has its own file; goldens show the params only.
  const text = `${JSON.stringify(value, (k, v) => (v === SEQUENCE_TRIGGER_SCRIPT ? "<SEQUENCE_TRIGGER_SCRIPT>" : v), 2)}\n`;
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

  it("sequence -> query-level monitor with named stages and the matcher's params", () => {
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
    expectGolden("sequence-query-level", result.ok ? result.value : result.diagnostics);
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

  it("honours the enabled override (the adapter creates disabled first)", () => {
    const result = compileMonitor(makeDetection({ enabled: true }), { enabled: false });
    expect(result.ok && result.value.enabled).toBe(false);
  });

  it("shrinks the search page for long runs-expanded sequences (Painless loop budget)", () => {
    const result = compileMonitor(makeDetection({ query: "sequence by host.name [process where true] with runs=100 [file where true]" }));
    const size = result.ok ? ((result.value as any).inputs[0].search.query.size as number) : 0; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(size).toBeGreaterThan(100);
    expect(size * 101 * 3).toBeLessThanOrEqual(1_000_000);
  });
});

describe("compileMonitor: refusals, located in the detection module", () => {
  // makeDetection puts the query's first character at line 10, column 12 of the module.
  it.each([
    ["sample by host.name [process where true] [file where true]", "`sample` queries", 10, 12],
    ['sequence by host.name with maxspan=1m [process where true] ![file where true]', "missing-event stages", 10, 71],
    ["process where true | head 5", "`head` pipe", 10, 31],
    ["process where true | tail 1", "`tail` pipe", 10, 31],
    ['sequence [process where true] by concat(host.name, "x") [file where true] by host.name', "join keys other than plain fields", 10, 45],
    ["process where length(process.name) > 3", "`length`", 10, 26],
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
