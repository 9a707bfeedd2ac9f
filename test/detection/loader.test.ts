import { describe, expect, it } from "vitest";
import { loadDetections, validatePack } from "../../src/detection/index.ts";
import type { Diagnostic } from "../../src/diagnostics/index.ts";
import { selectQueryCheck } from "../../src/cli/commands/validate.ts";

const BROKEN = "test/fixtures/detection/broken";

async function problems(caseName: string): Promise<Diagnostic[]> {
  const pack = await loadDetections([`${BROKEN}/${caseName}`]);
  return [...pack.diagnostics, ...validatePack(pack, { checkQuery: selectQueryCheck() })];
}

describe("loadDetections on the PsExec pack", () => {
  it("loads every detection and exception with no diagnostics", async () => {
    const pack = await loadDetections(["detections/psexec"]);
    expect(pack.diagnostics).toEqual([]);
    expect(pack.detections.map((d) => d.id)).toContain("psexec-service-then-shell");
    expect(pack.detections).toHaveLength(17);
    expect(pack.exceptions.map((e) => e.name).sort()).toEqual(["it-admin-remediation", "patch-management", "rmm-tools"]);
    expect(validatePack(pack, { checkQuery: selectQueryCheck() })).toEqual([]);
  });

  it("resolves MITRE ids, default indices and absolute fixture paths", async () => {
    const pack = await loadDetections(["detections/psexec/admin-share-write-from-non-admin-source.ts"]);
    const d = pack.detections[0]!;
    expect(d.mitre[0]).toMatchObject({ id: "T1021.002", name: "SMB/Windows Admin Shares", parent: { id: "T1021" }, tactics: [{ id: "TA0008", name: "Lateral Movement" }] });
    expect(d.indices).toEqual(["logs-system.security-*", "winlogbeat-*"]);
    expect(d.tests[0]!.fixture).toMatch(/^\/.*detections\/psexec\/fixtures\/attack-psexec-remote\.ndjson$/);
    expect(d.source.queryOrigin).toMatchObject({ line: 14, column: 21 }); // first character inside String.raw`
    expect(d.schedule).toEqual({ interval: "5m", lookback: "10m" });
  });
});

// valid/invalid table: each broken case names its code, file, line and column.
const cases: { name: string; code: string; file: string; line: number; column: number; message?: RegExp }[] = [
  { name: "bad-eql", code: "eql/syntax", file: `${BROKEN}/bad-eql/detection.ts`, line: 8, column: 65 },
  { name: "unknown-field", code: "eql/unknown-field", file: `${BROKEN}/unknown-field/detection.ts`, line: 8, column: 25, message: /process\.nmae.*process\.name/ },
  { name: "missing-test", code: "detection/missing-test", file: `${BROKEN}/missing-test/detection.ts`, line: 9, column: 10 },
  { name: "duplicate-id", code: "detection/duplicate-id", file: `${BROKEN}/duplicate-id/second.ts`, line: 6, column: 7, message: /first\.ts.*second\.ts/ },
  { name: "schema-error", code: "detection/schema", file: `${BROKEN}/schema-error/detection.ts`, line: 11, column: 13, message: /low.*critical/ },
  { name: "throws", code: "detection/import-failed", file: `${BROKEN}/throws/detection.ts`, line: 5, column: 9, message: /threshold file missing/ },
  { name: "unknown-mitre", code: "detection/unknown-mitre", file: `${BROKEN}/unknown-mitre/detection.ts`, line: 10, column: 11 },
  { name: "retired-mitre", code: "detection/retired-mitre", file: `${BROKEN}/retired-mitre/detection.ts`, line: 10, column: 11, message: /"T1086" \(PowerShell\) is revoked in ATT&CK v18\.1/ },
  { name: "tactic-mismatch", code: "detection/mitre-tactic-mismatch", file: `${BROKEN}/tactic-mismatch/detection.ts`, line: 9, column: 67, message: /"T1569\.002".*under TA0008, a tactic it does not belong to/ },
];

describe("broken modules", () => {
  it.each(cases)("$name -> $code at $line:$column", async ({ name, code, file, line, column, message }) => {
    const found = (await problems(name)).filter((d) => d.code === code && d.range?.file === file);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.range!.start).toMatchObject({ line, column });
    if (message) expect(found[0]!.message).toMatch(message);
  });

  it("reports a duplicate id in both files", async () => {
    const files = (await problems("duplicate-id")).filter((d) => d.code === "detection/duplicate-id").map((d) => d.range?.file);
    expect(files).toEqual([`${BROKEN}/duplicate-id/first.ts`, `${BROKEN}/duplicate-id/second.ts`]);
  });

  it("keeps loading other modules after one throws", async () => {
    const pack = await loadDetections([`${BROKEN}/throws`, `${BROKEN}/missing-test`]);
    expect(pack.detections.map((d) => d.id)).toEqual(["broken-missing-test"]);
    expect(pack.diagnostics.map((d) => d.code)).toEqual(["detection/import-failed"]);
  });

  it("reports a path that does not exist", async () => {
    const pack = await loadDetections(["no/such/folder"]);
    expect(pack.diagnostics[0]).toMatchObject({ code: "detection/path-not-found", file: "no/such/folder" });
  });
});
