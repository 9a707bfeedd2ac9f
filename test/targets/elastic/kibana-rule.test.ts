import { describe, expect, it } from "vitest";
import { compileKibanaDesired, compileKibanaRule, compileKibanaSchedule, compileKibanaThreat, KIBANA_MANAGED_TAG, readKibanaProject } from "../../../src/targets/elastic/index.ts";
import { formatIssues } from "../../contract/openapi-contract.ts";
import { sharedKibanaContract } from "../../contract/kibana-contract-server.ts";
import { makeDetection, REMOTE_SERVICES_SMB, SERVICE_EXECUTION } from "./fixtures.ts";
import { CONTRACT_TIMEOUT_MS } from "../../contract/kibana-contract-server.ts";

describe("compileKibanaRule", { timeout: CONTRACT_TIMEOUT_MS }, () => {
  it("tags the rule with its dac project (kept beside dac:managed), which the desired body and its hash carry", () => {
    const rule = compileKibanaRule(makeDetection(), { project: "soc-emea" });
    expect(rule.tags.slice(-2)).toEqual([KIBANA_MANAGED_TAG, "dac:project:soc-emea"]);
    expect(readKibanaProject(rule.tags)).toBe("soc-emea");
    expect(readKibanaProject(compileKibanaRule(makeDetection()).tags)).toBeUndefined();
    const a = compileKibanaDesired(makeDetection(), { project: "a" });
    const b = compileKibanaDesired(makeDetection(), { project: "b" });
    expect(JSON.stringify(a.body)).not.toBe(JSON.stringify(b.body));
  });

  it("maps identity, query, index and scoring", () => {
    const rule = compileKibanaRule(makeDetection());
    expect(rule).toMatchObject({
      rule_id: "psexec-service-install",
      type: "eql",
      language: "eql",
      name: "PsExec service installed",
      index: ["logs-system.system-*", "winlogbeat-*"],
      severity: "high",
      risk_score: 73,
      max_signals: 100,
      interval: "5m",
      from: "now-6m",
      to: "now",
      version: 1,
      enabled: true,
      note: "## Triage\nCheck who ran PsExec.",
      false_positives: ["Administrators using PsExec"],
      license: "Apache-2.0",
      author: ["dac"],
    });
    // The author's text, as written: layout and comments are what the rule reads like in Kibana.
    expect(rule.query).toBe(makeDetection().query);
    expect(rule.query).toContain('event.code == "7045"');
  });

  it("tags the rule as dac-managed, once", () => {
    expect(compileKibanaRule(makeDetection()).tags).toEqual(["PsExec", "Windows", KIBANA_MANAGED_TAG]);
    expect(compileKibanaRule(makeDetection({ tags: [KIBANA_MANAGED_TAG] })).tags).toEqual([KIBANA_MANAGED_TAG]);
  });

  it("leaves timestamp and event-category overrides out at their defaults", () => {
    const rule = compileKibanaRule(makeDetection());
    expect(rule).not.toHaveProperty("timestamp_override");
    expect(rule).not.toHaveProperty("event_category_override");
    expect(rule).not.toHaveProperty("tiebreaker_field");
  });

  it("sets overrides when the detection moves off the defaults", () => {
    const rule = compileKibanaRule(makeDetection({ timestampField: "event.ingested", eventCategoryField: "winlog.channel", tiebreakerField: "event.sequence" }));
    expect(rule.timestamp_override).toBe("event.ingested");
    expect(rule.timestamp_field).toBe("event.ingested");
    expect(rule.event_category_override).toBe("winlog.channel");
    expect(rule.tiebreaker_field).toBe("event.sequence");
  });

  it("references the detection's exception list, and none without exceptions", () => {
    expect(compileKibanaRule(makeDetection()).exceptions_list).toEqual([
      { id: "psexec-service-install--exceptions", list_id: "psexec-service-install--exceptions", type: "detection", namespace_type: "single" },
    ]);
    expect(compileKibanaRule(makeDetection({ exceptions: [], exceptionNames: [] })).exceptions_list).toEqual([]);
  });

  it("puts the entity field first among investigation fields", () => {
    expect(compileKibanaRule(makeDetection({ entityField: "user.name" })).investigation_fields?.field_names[0]).toBe("user.name");
  });

  it("produces a body Kibana's CreateRule and UpdateRule schemas accept", async () => {
    const contract = await sharedKibanaContract();
    for (const detection of [makeDetection(), makeDetection({ timestampField: "event.ingested", tiebreakerField: "event.sequence", exceptions: [], mitre: [] })]) {
      const rule = compileKibanaRule(detection);
      expect(formatIssues(contract.validateBodyAs("CreateRule", rule))).toBe("");
      expect(formatIssues(contract.validateBodyAs("UpdateRule", rule))).toBe("");
    }
  });
});

describe("compileKibanaSchedule", () => {
  it.each([
    [{ interval: "5m", lookback: "1m" }, "5m", "now-6m"],
    [{ interval: "1h", lookback: "0m" }, "1h", "now-1h"],
    [{ interval: "90s", lookback: "30s" }, "90s", "now-2m"],
    [{ interval: "1m", lookback: "30s" }, "1m", "now-90s"],
  ])("%j -> interval %s, from %s", (schedule, interval, from) => {
    expect(compileKibanaSchedule("r", schedule)).toEqual({ interval, from, to: "now" });
  });

  it("names the rule when a duration is malformed", () => {
    expect(() => compileKibanaSchedule("my-rule", { interval: "five", lookback: "1m" })).toThrow(/rule my-rule: schedule.interval "five"/);
  });
});

describe("compileKibanaThreat", () => {
  it("groups techniques by tactic and nests sub-techniques under their parent", () => {
    const sibling = { ...SERVICE_EXECUTION, id: "T1569.001", name: "Launchctl", reference: "https://attack.mitre.org/techniques/T1569/001/" };
    expect(compileKibanaThreat([SERVICE_EXECUTION, REMOTE_SERVICES_SMB, sibling])).toEqual([
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0002", name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" },
        technique: [
          {
            id: "T1569",
            name: "System Services",
            reference: "https://attack.mitre.org/techniques/T1569/",
            subtechnique: [
              { id: "T1569.002", name: "Service Execution", reference: "https://attack.mitre.org/techniques/T1569/002/" },
              { id: "T1569.001", name: "Launchctl", reference: "https://attack.mitre.org/techniques/T1569/001/" },
            ],
          },
        ],
      },
      {
        framework: "MITRE ATT&CK",
        tactic: { id: "TA0008", name: "Lateral Movement", reference: "https://attack.mitre.org/tactics/TA0008/" },
        technique: [
          {
            id: "T1021",
            name: "Remote Services",
            reference: "https://attack.mitre.org/techniques/T1021/",
            subtechnique: [{ id: "T1021.002", name: "SMB/Windows Admin Shares", reference: "https://attack.mitre.org/techniques/T1021/002/" }],
          },
        ],
      },
    ]);
  });

  it("lists a top-level technique without sub-techniques", () => {
    const technique = { id: "T1033", name: "System Owner/User Discovery", reference: "https://attack.mitre.org/techniques/T1033/", tactics: [{ id: "TA0007", name: "Discovery", reference: "https://attack.mitre.org/tactics/TA0007/" }] };
    expect(compileKibanaThreat([technique])[0]?.technique).toEqual([{ id: "T1033", name: "System Owner/User Discovery", reference: "https://attack.mitre.org/techniques/T1033/" }]);
  });
});
