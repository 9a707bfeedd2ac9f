import { describe, expect, it } from "vitest";
import { MITRE_TECHNIQUES, resolveMitreTechnique } from "../../src/detection/index.ts";

describe("resolveMitreTechnique", () => {
  it("resolves a sub-technique with parent, tactics and URLs", () => {
    expect(resolveMitreTechnique("T1543.003")).toEqual({
      id: "T1543.003",
      name: "Windows Service",
      reference: "https://attack.mitre.org/techniques/T1543/003/",
      parent: { id: "T1543", name: "Create or Modify System Process", reference: "https://attack.mitre.org/techniques/T1543/" },
      tactics: [
        { id: "TA0003", name: "Persistence", reference: "https://attack.mitre.org/tactics/TA0003/" },
        { id: "TA0004", name: "Privilege Escalation", reference: "https://attack.mitre.org/tactics/TA0004/" },
      ],
    });
  });

  it("returns undefined for an unknown id", () => {
    expect(resolveMitreTechnique("T9999")).toBeUndefined();
  });

  it("has every parent of every catalogued sub-technique", () => {
    for (const id of Object.keys(MITRE_TECHNIQUES).filter((k) => k.includes("."))) {
      expect(resolveMitreTechnique(id)?.parent, id).toBeDefined();
    }
  });
});
