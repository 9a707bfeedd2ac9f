import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

describe("dac list", () => {
  it("prints a table of the pack", async () => {
    const r = await runDac("list");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+SEVERITY\s+RISK\s+MITRE/);
    expect(r.stdout).toMatch(/psexesvc-child-shell\s+critical\s+99\s+T1569\.002/);
    expect(r.stdout).toContain("17 detections");
  });

  it("--json lists ids, MITRE, tactics, data sources, indices and exceptions", async () => {
    const r = await runDac("list", "--json");
    const listed = JSON.parse(r.stdout) as { id: string; tactics: string[]; indices: string[]; exceptions: string[]; dataSources: string[] }[];
    expect(listed).toHaveLength(17);
    const adminShare = listed.find((d) => d.id === "admin-share-write-from-non-admin-source")!;
    expect(adminShare).toMatchObject({ tactics: ["Lateral Movement"], exceptions: ["it-admin-remediation", "patch-management"], dataSources: ["windows-security"] });
    expect(listed.every((d) => d.dataSources.length > 0)).toBe(true);
  });

  it("exits 1 and shows the problem when a module cannot load", async () => {
    const r = await runDac("list", "test/fixtures/detection/broken/throws");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("detection/import-failed");
  });
});
