import { describe, expect, it } from "vitest";
import { eventsRead } from "../../src/cli/commands/list.ts";
import { runDac } from "../fixtures/detection/cli-harness.ts";

describe("dac list", () => {
  it("prints a table of the pack", async () => {
    const r = await runDac("list");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+SEVERITY\s+RISK\s+MITRE\s+DATA SOURCES\s+READS/);
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

  it("shows the event ids by channel and the event categories each detection reads", async () => {
    const r = await runDac("list");
    expect(r.stdout).toMatch(/service-installed-then-failed-to-start\s.*windows-system,windows-security\s+Security 4697, System 7000\/7045\s/);
    expect(r.stdout).toMatch(/psexec-named-pipes\s.*\s+Sysmon 17\/18; file\s/);
    const listed = JSON.parse((await runDac("list", "--json")).stdout) as { id: string; reads: { eventCodes: string[]; categories: string[] } }[];
    expect(listed.find((d) => d.id === "network-logon-then-service-install")!.reads).toEqual({ eventCodes: ["4624", "4697", "7045"], categories: ["authentication"] });
    expect(listed.find((d) => d.id === "psexesvc-child-shell")!.reads).toEqual({ eventCodes: [], categories: ["process"] });
    expect(listed.find((d) => d.id === "service-installed-with-suspicious-image-path")!.reads).toEqual({ eventCodes: ["4697", "7045"], categories: ["registry"] });
  });

  it("reads event ids and categories from every stage, not from negated tests", () => {
    const query = 'sequence by host.name [authentication where event.code in ("4624", "4625") and not event.code == "4634"] [any where event.code == "7045" or registry.path : "HKLM*"] until [any where event.category == "process"]';
    expect(eventsRead(query)).toEqual({ eventCodes: ["4624", "4625", "7045"], categories: ["authentication", "process", "registry"] });
    expect(eventsRead('any where event.code != "1" and not event.code in ("2")')).toEqual({ eventCodes: [], categories: [] });
  });

  it("shows whether each detection is tested (a firing and a benign fixture)", async () => {
    const r = await runDac("list", "detections/psexec", "test/fixtures/detection/policy");
    expect(r.stdout).toMatch(/^ID\s+.*\s+TESTS\s+TESTED$/m);
    expect(r.stdout).toMatch(/psexesvc-child-shell\s.*\s\d+\s+tested$/m);
    expect(r.stdout).toMatch(/policy-imported-bare\s.*\s0\s+untested$/m);
  });

  it("exits 1 and shows the problem when a module cannot load", async () => {
    const r = await runDac("list", "test/fixtures/detection/broken/throws");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("detection/import-failed");
  });
});
