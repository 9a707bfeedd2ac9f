import { mkdtempSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

describe("dac test", () => {
  it("--offline passes on the PsExec pack and writes a JUnit report", async () => {
    const report = `${mkdtempSync("/tmp/dac-test-")}/junit.xml`;
    const r = await runDac("test", "--offline", "--report", report);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS psexec-service-then-shell \(\d+\/\d+\)/);
    expect(r.stdout).toMatch(/(\d+)\/\1 tests passed\n$/);
    expect(readFileSync(report, "utf8")).toMatch(/<testsuites name="dac \(offline\)" tests="\d+" failures="0">/);
  });

  it("names the failing test and the reason, and exits 1", async () => {
    const r = await runDac("test", "--offline", "test/fixtures/detection/failing");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL failing-wrong-count (1/2)");
    expect(r.stdout).toContain("fires twice (wrong): expected 2 alerts, got 1 (entities: H1)");
  });

  // The same fixtures give the same alerts on one node and on three (test/targets/opensearch/tie-order-differential.ts).
  it("--offline orders equal timestamps by _id, digit runs as numbers", async () => {
    const r = await runDac("test", "--offline", "test/fixtures/detection/tie-order");
    expect(r.stdout).toContain("PASS tie-order-by-id (3/3)");
    expect(r.code).toBe(0);
  });

  it("--json prints the report", async () => {
    const r = await runDac("test", "--offline", "--json", "test/fixtures/detection/failing");
    expect(JSON.parse(r.stdout)).toMatchObject({ summary: { total: 2, passed: 1, failed: 1 }, results: [{ detectionId: "failing-wrong-count", passed: false, expectedAlerts: 2, actualAlerts: 1 }, { passed: true }] });
  });

  // The cluster path itself is covered by test/replay/cluster-replay.int.test.ts;
  // here only its refusal of an unknown environment, which needs no Docker.
  it("cluster replay names an unknown environment and exits 1", async () => {
    const r = await runDac("test", "--env", "nope");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No environment named "nope"');
  });

  it("refuses to run a pack that does not validate", async () => {
    const r = await runDac("test", "--offline", "test/fixtures/detection/broken/bad-eql");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("eql/syntax");
  });
});
