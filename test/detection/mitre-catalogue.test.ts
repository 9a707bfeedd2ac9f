import { describe, expect, it } from "vitest";
import { ATTACK_VERSION, MITRE_RETIRED_TECHNIQUES, MITRE_TACTIC_ENTRIES, MITRE_TECHNIQUES, lookupMitreTechnique, resolveMitreTactic } from "../../src/detection/index.ts";

describe("the generated ATT&CK catalogue", () => {
  it("holds the 14 Enterprise tactics and the whole technique set of v18.1", () => {
    expect(ATTACK_VERSION).toBe("18.1");
    expect(Object.keys(MITRE_TACTIC_ENTRIES)).toHaveLength(14);
    expect(Object.keys(MITRE_TECHNIQUES).length + Object.keys(MITRE_RETIRED_TECHNIQUES).length).toBe(835);
    expect(MITRE_TECHNIQUES["T1003.001"]).toMatchObject({ name: "LSASS Memory", tactics: ["TA0006"], platforms: ["Windows"] });
  });

  it("says a revoked id is revoked, and an unknown one unknown", () => {
    expect(lookupMitreTechnique("T1086")).toMatchObject({ kind: "revoked", name: "PowerShell" });
    expect(lookupMitreTechnique("T1059.001")).toMatchObject({ kind: "active", technique: { name: "PowerShell", parent: { id: "T1059" } } });
    expect(lookupMitreTechnique("T9999")).toMatchObject({ kind: "unknown" });
  });

  it.each([["TA0005"], ["Defense Evasion"], ["defense-evasion"], ["defense_evasion"]])("resolves the tactic %s", (text) => {
    expect(resolveMitreTactic(text)).toEqual({ id: "TA0005", name: "Defense Evasion", reference: "https://attack.mitre.org/tactics/TA0005/" });
  });
});
