import { describe, expect, it } from "vitest";
import { readCatalogue, renderCatalogueModule } from "../../scripts/generate-mitre-catalogue.ts";

// A synthetic STIX 2.1 bundle in MITRE's shape: tactics, a technique, a revoked one, a collection.
const ref = (id: string) => [{ source_name: "mitre-attack", external_id: id }];
const bundle = {
  type: "bundle",
  objects: [
    { type: "x-mitre-collection", x_mitre_version: "99.0" },
    { type: "x-mitre-tactic", name: "Execution", x_mitre_shortname: "execution", external_references: ref("TA0002") },
    { type: "x-mitre-tactic", name: "Persistence", x_mitre_shortname: "persistence", external_references: ref("TA0003") },
    {
      type: "attack-pattern",
      name: "Scheduled Task",
      external_references: ref("T1053.005"),
      kill_chain_phases: [{ kill_chain_name: "mitre-attack", phase_name: "execution" }, { kill_chain_name: "mitre-attack", phase_name: "persistence" }],
      x_mitre_platforms: ["Windows"],
    },
    { type: "attack-pattern", name: "Old Thing", revoked: true, external_references: ref("T1000"), kill_chain_phases: [] },
    { type: "attack-pattern", name: "Not ATT&CK", external_references: [{ source_name: "capec", external_id: "CAPEC-1" }] },
  ],
};

describe("generate-mitre-catalogue", () => {
  it("reads MITRE's STIX bundle: tactics by kill-chain short name, revoked flags, release version", () => {
    const catalogue = readCatalogue(JSON.stringify(bundle), "enterprise-attack-99.0.json");
    expect(catalogue.version).toBe("99.0");
    expect(catalogue.tactics.map((t) => t.id)).toEqual(["TA0002", "TA0003"]);
    expect(catalogue.techniques).toEqual([
      { id: "T1000", name: "Old Thing", tactics: [], platforms: [], revoked: true, deprecated: false },
      { id: "T1053.005", name: "Scheduled Task", tactics: ["TA0002", "TA0003"], platforms: ["Windows"], revoked: false, deprecated: false },
    ]);
    const text = renderCatalogueModule(catalogue, "enterprise-attack-99.0.json");
    expect(text).toContain('"T1053.005": { name: "Scheduled Task", tactics: ["TA0002","TA0003"]');
    expect(text).toContain('"T1000": { name: "Old Thing", status: "revoked"');
    expect(text).toContain("// Source: MITRE ATT&CK Enterprise v99.0");
  });

  it("refuses a technique under a tactic the input does not define", () => {
    const broken = { ...bundle, objects: bundle.objects.filter((o) => o.type !== "x-mitre-tactic" || o.name !== "Persistence") };
    expect(() => readCatalogue(JSON.stringify(broken), "x.json")).toThrow(/T1053\.005 names unknown tactics/);
  });
});
