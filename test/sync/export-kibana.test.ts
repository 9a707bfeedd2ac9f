import { describe, expect, it } from "vitest";
import { inferDataSources, isDacTag, readTechniqueIds, translateKibanaRule } from "../../src/sync/export-kibana.ts";
import type { JsonObject } from "../../src/sync/target.ts";
import { compileKibanaRule } from "../../src/targets/elastic/index.ts";
import { makeDetection } from "../targets/elastic/fixtures.ts";

const compiled = (overrides: Parameters<typeof makeDetection>[0] = {}) => compileKibanaRule(makeDetection(overrides), { project: "blue" }) as unknown as JsonObject;

describe("translateKibanaRule", () => {
  it("inverts compileKibanaRule for a managed rule", () => {
    const t = translateKibanaRule(compiled({ timestampField: "event.ingested", tiebreakerField: "event.sequence", eventCategoryField: "winlog.channel", entityField: "user.name", maxSignals: 5 }), true, { exceptionNames: ["it-admin-hosts"] });
    expect(t.ok && t.notes).toEqual({});
    expect(t.ok && t.detection).toMatchObject({
      id: "psexec-service-install",
      mitre: ["T1569.002", "T1021.002"],
      tags: ["PsExec", "Windows"],
      dataSources: ["windows-system"],
      schedule: { interval: "5m", lookback: "1m" },
      timestampField: "event.ingested",
      tiebreakerField: "event.sequence",
      eventCategoryField: "winlog.channel",
      entityField: "user.name",
      maxSignals: 5,
      guide: "## Triage\nCheck who ran PsExec.",
      exceptionNames: ["it-admin-hosts"],
    });
    // Default index patterns of the data source: left out, as the pack's modules do.
    expect(t.ok && "indices" in t.detection).toBe(false);
  });

  it("keeps explicit indices that are not a data source's defaults, with a note when no source matches", () => {
    const t = translateKibanaRule(compiled({ indices: ["custom-*"] }), true);
    expect(t.ok && t.detection.indices).toEqual(["custom-*"]);
    expect(t.ok && t.detection.dataSources).toEqual([]);
    expect(t.ok && t.notes.dataSources).toMatch(/custom-\*/);
  });

  it("skips non-EQL rules and rules whose window is not now-<duration>", () => {
    expect(translateKibanaRule({ rule_id: "t", type: "threshold", language: "kuery", query: "x" }, false)).toEqual({ ok: false, reason: expect.stringMatching(/threshold rule/) });
    expect(translateKibanaRule({ ...compiled(), from: "2024-01-01" }, true)).toMatchObject({ ok: false, reason: expect.stringMatching(/from/) });
  });

  it("fills what an unmanaged rule lacks with placeholders and notes", () => {
    const rule: JsonObject = { rule_id: "0b6b5e6e-1c1e-4d4e-9f0a-1a2b3c4d5e6f", name: "Pipe! (UI)", type: "eql", query: "any where true", index: ["x-*"], interval: "10m", from: "now-10m", exceptions_list: [{ list_id: "l1", type: "detection", namespace_type: "agnostic" }] };
    const t = translateKibanaRule(rule, false);
    if (!t.ok) throw new Error(t.reason);
    expect(t.detection.id).toBe("pipe-ui");
    expect(t.detection.schedule).toEqual({ interval: "10m", lookback: "1m" });
    expect(Object.keys(t.notes).sort()).toEqual(["dataSources", "exceptions", "falsePositives", "guide", "mitre", "schedule"]);
    expect(t.notes.exceptions).toContain("l1 (detection, agnostic)");
  });
});

describe("helpers", () => {
  it("reads technique ids, sub-techniques standing for their parent", () => {
    const threat = compiled().threat;
    expect(readTechniqueIds(threat)).toEqual(["T1569.002", "T1021.002"]);
    expect(readTechniqueIds([{ technique: [{ id: "T1570" }] }])).toEqual(["T1570"]);
  });

  it("infers data sources from index patterns in index order", () => {
    expect(inferDataSources(["logs-system.security-*", "winlogbeat-*", "logs-system.system-*"])).toEqual({ dataSources: ["windows-security", "windows-system"], exact: true });
    expect(inferDataSources(["logs-endpoint.events.*", "other-*"])).toEqual({ dataSources: ["elastic-defend"], exact: false });
    expect(inferDataSources(["winlogbeat-*"])).toEqual({ dataSources: [], exact: false });
  });

  it("recognises dac's own tags", () => {
    expect(["dac:managed", "dac:project:x", "dac:applied-hash:ab", "PsExec"].filter(isDacTag)).toEqual(["dac:managed", "dac:project:x", "dac:applied-hash:ab"]);
  });
});
