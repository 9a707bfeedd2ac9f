import { describe, expect, it } from "vitest";
import { loadDetections, resolveDetection, resolveException, type ExceptionDefinition } from "../../src/detection/index.ts";

const pack = await loadDetections(["detections/psexec"]);
const testValues = {
  adminSourceIps: ["10.10.5.0/28"],
  adminAccounts: ["it-admin-jdoe"],
  rmmParentProcesses: ["AgentMon.exe"],
  rmmSigners: ["Kaseya Holdings Inc."],
  patchSourceIps: ["10.20.0.15"],
};

describe("resolveDetection", () => {
  it("fills env references from the environment's values", () => {
    const detection = pack.detections.find((d) => d.id === "admin-share-write-from-non-admin-source")!;
    const resolved = resolveDetection(detection, testValues, pack.exceptions);
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    expect(resolved.value.exceptions).toEqual([
      expect.objectContaining({ name: "it-admin-remediation", entries: [{ kind: "cidr", field: "source.ip", cidrs: ["10.10.5.0/28"] }, { kind: "any-of", field: "user.name", values: ["it-admin-jdoe"] }] }),
      expect.objectContaining({ name: "patch-management", entries: [{ kind: "cidr", field: "source.ip", cidrs: ["10.20.0.15"] }] }),
    ]);
  });

  it("names the exception and the key when a value is missing", () => {
    const detection = pack.detections.find((d) => d.id === "admin-share-write-from-non-admin-source")!;
    const { patchSourceIps: _dropped, ...withoutPatch } = testValues;
    const resolved = resolveDetection(detection, withoutPatch, pack.exceptions, "staging");
    expect(resolved.ok).toBe(false);
    expect(resolved.diagnostics).toHaveLength(1);
    expect(resolved.diagnostics[0]).toMatchObject({ code: "detection/missing-exception-value", ruleId: detection.id });
    expect(resolved.diagnostics[0]!.message).toContain('"patch-management"');
    expect(resolved.diagnostics[0]!.message).toContain("patchSourceIps");
    expect(resolved.diagnostics[0]!.message).toContain('"staging"');
    expect(resolved.diagnostics[0]!.range?.file).toBe("detections/psexec/exceptions.ts");
  });

  it("reports an exception name the pack does not define", () => {
    const detection = { ...pack.detections[0]!, exceptionNames: ["no-such-exception"] };
    const resolved = resolveDetection(detection, testValues, pack.exceptions);
    expect(resolved.diagnostics[0]).toMatchObject({ code: "detection/unknown-exception" });
  });

  it("leaves out an exception that cannot match (empty list in this environment)", () => {
    const detection = pack.detections.find((d) => d.id === "admin-share-write-from-non-admin-source")!;
    const resolved = resolveDetection(detection, { ...testValues, adminSourceIps: [] }, pack.exceptions);
    expect(resolved.ok && resolved.value.exceptions.map((e) => e.name)).toEqual(["patch-management"]);
  });
});

describe("resolveException", () => {
  const single: ExceptionDefinition = { name: "one-host", description: "d", entries: [{ kind: "equals", field: "host.name", value: { kind: "env", key: "hosts" } }], source: { file: "x.ts" } };
  it("takes a one-element list for an equals entry", () => {
    expect(resolveException(single, { hosts: ["FS01"] })).toMatchObject({ ok: true, value: { entries: [{ kind: "equals", value: "FS01" }] } });
  });
  it("refuses a longer list for an equals entry", () => {
    expect(resolveException(single, { hosts: ["FS01", "FS02"] }).diagnostics[0]).toMatchObject({ code: "detection/exception-value-arity" });
  });
});
