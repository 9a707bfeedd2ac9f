import { describe, expect, it } from "vitest";
import { loadDetections } from "../../src/detection/index.ts";
import { loadEnvironments } from "../../src/config/index.ts";
import { renderReportJson, renderReportJunit, runOfflineTests, summarizeReport, type TestReport } from "../../src/replay/index.ts";

const pack = await loadDetections(["detections/psexec"]);
const envs = loadEnvironments("environments.yaml");
if (!envs.ok) throw new Error("environments.yaml must load");
const environments = Object.fromEntries(Object.entries(envs.value.environments).map(([k, v]) => [k, v.exceptionValues]));

describe("runOfflineTests", () => {
  it("passes every test of the PsExec pack", () => {
    const report = runOfflineTests(pack.detections, pack.exceptions, { environments });
    const failures = report.results.filter((r) => !r.passed);
    expect(failures).toEqual([]);
    expect(summarizeReport(report).total).toBeGreaterThanOrEqual(80);
    // every detection has a firing and a silent test
    for (const d of pack.detections) {
      const mine = report.results.filter((r) => r.detectionId === d.id);
      expect(mine.some((r) => r.expectedAlerts > 0)).toBe(true);
      expect(mine.some((r) => r.expectedAlerts === 0)).toBe(true);
    }
  });

  it("explains a wrong count and a wrong entity", () => {
    const detection = pack.detections.find((d) => d.id === "psexesvc-child-shell")!;
    const broken = {
      ...detection,
      tests: [
        { ...detection.tests[0]!, expectAlerts: 3 },
        { ...detection.tests[0]!, expectEntity: "FS99" },
      ],
    };
    const report = runOfflineTests([broken], pack.exceptions, { environments });
    expect(report.results.map((r) => r.reason)).toEqual(["expected 3 alerts, got 2 (entities: FS01)", "wrong entity: expected FS99, got FS01"]);
  });

  it("fails a test whose environment lacks an exception value, naming the key", () => {
    const detection = pack.detections.find((d) => d.id === "service-spawned-suspicious-command")!;
    const report = runOfflineTests([detection], pack.exceptions, { environments: { test: { rmmSigners: [] } } });
    expect(report.results[0]!.passed).toBe(false);
    expect(report.results[0]!.reason).toMatch(/rmm-tools.*rmmParentProcesses/);
  });
});

const sample: TestReport = {
  target: "offline",
  results: [
    { detectionId: "a", file: "detections/a.ts", test: "fires", passed: true, expectedAlerts: 1, actualAlerts: 1, entities: ["H1"], durationMs: 2 },
    { detectionId: "a", file: "detections/a.ts", test: "silent <&>", passed: false, expectedAlerts: 0, actualAlerts: 1, entities: ["H2"], reason: "expected 0 alerts, got 1 (entities: H2)" },
  ],
};

describe("report renderers", () => {
  it("renders JUnit XML with escaped failures", () => {
    const xml = renderReportJunit(sample);
    expect(xml).toContain('<testsuites name="dac (offline)" tests="2" failures="1">');
    expect(xml).toContain('<testsuite name="a" tests="2" failures="1"');
    expect(xml).toContain('name="silent &lt;&amp;&gt;"');
    expect(xml).toContain('<failure message="expected 0 alerts, got 1 (entities: H2)" type="AlertMismatch">');
  });

  it("renders versioned JSON with a summary", () => {
    expect(JSON.parse(renderReportJson(sample))).toMatchObject({ formatVersion: "1", target: "offline", summary: { total: 2, passed: 1, failed: 1 } });
  });
});
