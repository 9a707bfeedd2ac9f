import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

const BROKEN = "test/fixtures/detection/broken";

describe("dac validate", () => {
  it("passes on the PsExec pack (default path detections/)", async () => {
    const r = await runDac("validate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("10 detections, 3 exceptions: ok");
  });

  it.each([
    ["bad-eql", `${BROKEN}/bad-eql/detection.ts:8:65`, "eql/syntax"],
    ["unknown-field", `${BROKEN}/unknown-field/detection.ts:8:25`, "eql/unknown-field"],
    ["missing-test", `${BROKEN}/missing-test/detection.ts:9:10`, "detection/missing-test"],
    ["duplicate-id", `${BROKEN}/duplicate-id/second.ts:6:7`, "detection/duplicate-id"],
    ["schema-error", `${BROKEN}/schema-error/detection.ts:11:13`, "detection/schema"],
    ["throws", `${BROKEN}/throws/detection.ts:5:9`, "detection/import-failed"],
  ])("%s fails with %s and a caret excerpt", async (name, location, code) => {
    const r = await runDac("validate", `${BROKEN}/${name}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${location}`);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toMatch(/\n\s*\d+ \| .*\n\s*\| *\^+/); // the source line and its caret
  });

  it("--json prints the diagnostics as objects", async () => {
    const r = await runDac("validate", `${BROKEN}/unknown-field`, "--json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; range: { file: string; start: { line: number; column: number } } }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ code: "eql/unknown-field", range: { file: `${BROKEN}/unknown-field/detection.ts`, start: { line: 8, column: 25 } } });
  });

  it("reports an exception value missing from the chosen environment", async () => {
    const dir = await import("node:fs").then((fs) => fs.mkdtempSync("/tmp/dac-env-"));
    const file = `${dir}/environments.yaml`;
    await import("node:fs").then((fs) => fs.writeFileSync(file, "environments:\n  thin:\n    engine: opensearch\n    url: http://localhost:9200\n    exceptionValues:\n      adminAccounts: [a]\n"));
    const r = await runDac("validate", "--env", "thin", "--environments", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("detection/missing-exception-value");
    expect(r.stderr).toMatch(/"it-admin-remediation" needs exceptionValues\.adminSourceIps/);
  });
});
