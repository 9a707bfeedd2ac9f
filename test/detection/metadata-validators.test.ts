import { describe, expect, it } from "vitest";
import { checkMetadataPolicy, loadDetections, promoteWarnings } from "../../src/detection/index.ts";
import type { MetadataPolicy } from "../../src/config/index.ts";

const POLICY = "test/fixtures/detection/policy";

async function codesBySeverity(policy?: MetadataPolicy) {
  const pack = await loadDetections([POLICY]);
  expect(pack.diagnostics).toEqual([]);
  return checkMetadataPolicy(pack, policy).map((d) => `${d.ruleId} ${d.severity} ${d.code}`).sort();
}

describe("checkMetadataPolicy", () => {
  it("defaults to required for a hand-written pack and warn for an imported one", async () => {
    expect(await codesBySeverity()).toEqual([
      "policy-hand-written-bare error detection/missing-false-positives",
      "policy-hand-written-bare error detection/missing-guide",
      "policy-hand-written-bare error detection/missing-test",
      "policy-imported-bare warning detection/missing-false-positives",
      "policy-imported-bare warning detection/missing-guide",
      "policy-imported-bare warning detection/missing-test",
    ]);
  });

  it("lets a pack setting win over the project setting, which wins over the origin default", async () => {
    const policy: MetadataPolicy = { tests: "off", guide: "required", packs: { "policy-hand-written": { falsePositives: "off", guide: "warn" } } };
    expect(await codesBySeverity(policy)).toEqual([
      "policy-hand-written-bare warning detection/missing-guide",
      "policy-imported-bare error detection/missing-guide",
      "policy-imported-bare warning detection/missing-false-positives",
    ]);
  });

  it("locates the missing item in the module", async () => {
    const pack = await loadDetections([`${POLICY}/hand-written`]);
    const guide = checkMetadataPolicy(pack, { packs: {}, mitre: "required" }).find((d) => d.code === "detection/missing-guide");
    expect(guide?.range ?? guide?.file).toBeDefined();
    expect(guide?.file ?? guide?.range?.file).toBe(`${POLICY}/hand-written/bare.ts`);
  });

  it("--strict promotes warnings only", () => {
    const out = promoteWarnings([
      { severity: "warning", code: "a", message: "" },
      { severity: "info", code: "b", message: "" },
    ]);
    expect(out.map((d) => d.severity)).toEqual(["error", "info"]);
  });
});
