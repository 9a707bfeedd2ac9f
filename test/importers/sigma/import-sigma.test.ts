import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPipeline, planSigmaImport } from "../../../src/importers/sigma/index.ts";

const ecs = (() => {
  const p = loadPipeline("ecs-windows");
  if (!p.ok) throw new Error("pipeline");
  return p.value;
})();

const ruleA = `title: Service Installed
id: aaaaaaaa-0000-4000-8000-000000000001
name: svc_installed
status: test
author: Alice, Bob
date: 2024-01-01
level: high
tags: [attack.t1543.003, attack.persistence, attack.t9999]
references: [https://example.com/a]
falsepositives: [Admins]
logsource: { product: windows, service: system }
detection:
  sel: { EventID: 7045 }
  condition: sel
`;
const ruleB = `title: Shell Started
id: bbbbbbbb-0000-4000-8000-000000000002
name: shell_started
level: medium
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endswith: '\\cmd.exe' }
  condition: sel
`;

function importOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "dac-sigma-"));
  mkdirSync(join(dir, "rules"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "rules", name), text);
  return planSigmaImport([join(dir, "rules")], { out: join(dir, "detections", "sigma"), pipelines: [ecs] });
}

const correlation = (type: string, extra = "") => `title: Install then shell
id: cccccccc-0000-4000-8000-000000000003
correlation:
  type: ${type}
  rules: [svc_installed, shell_started]
  group-by: [ComputerName]
  timespan: 2m
${extra}`;

describe("planSigmaImport", () => {
  it("maps metadata: severity, risk score, MITRE checked against the catalogue, authors, licence attribution", () => {
    const plan = importOf({ "a.yml": ruleA });
    const text = plan.modules[0]!.text;
    expect(plan.modules[0]!.id).toBe("service-installed-aaaaaaaa");
    expect(text).toContain('severity: "high"');
    expect(text).toContain("riskScore: 73");
    expect(text).toContain('mitre: ["T1543.003"]');
    expect(text).toContain("ATT&CK T9999 is not in dac's catalogue");
    expect(text).toContain('author: ["Alice", "Bob"]');
    expect(text).toContain('license: "DRL-1.1"');
    expect(text).toContain("Detection Rule License (DRL) 1.1");
    expect(text).toContain("date: 2024-01-01");
  });
  it("temporal_ordered becomes an EQL sequence by the group-by field with maxspan", () => {
    const plan = importOf({ "a.yml": ruleA, "b.yml": ruleB, "c.yml": correlation("temporal_ordered") });
    const seq = plan.modules.find((m) => m.sigmaId?.startsWith("cccccccc"));
    expect(seq?.text).toMatch(/sequence by winlog\.computer_name with maxspan=2m\n\s+\[any where winlog\.channel == "System"[^\n]*\]\n\s+\[any where event\.category == "process"/);
  });
  it("temporal over several rules, event_count and value_count are refused with the reason", () => {
    const t = importOf({ "a.yml": ruleA, "b.yml": ruleB, "c.yml": correlation("temporal") });
    expect(t.refused.map((r) => r.code)).toEqual(["sigma/unsupported-correlation"]);
    expect(t.refused[0]!.message).toContain("any order");
    for (const type of ["event_count", "value_count"]) {
      const p = importOf({ "a.yml": ruleA, "b.yml": ruleB, "c.yml": correlation(type, "  condition: { gte: 5 }\n") });
      expect(p.refused[0]!.message).toContain("threshold");
    }
  });
  it("a Sigma filter becomes an exception listed on the rules it names", () => {
    const filter = `title: Admin shells
logsource: { product: windows, category: process_creation }
filter:
  rules: [shell_started]
  admins: { User: [alice, bob], ParentImage|endswith: '\\explorer.exe' }
  condition: not admins
`;
    const plan = importOf({ "b.yml": ruleB, "f.yml": filter });
    const exceptions = plan.supportFiles.find((f) => f.file.endsWith("exceptions.ts"))!.text;
    expect(exceptions).toContain('{ kind: "any-of", field: "user.name", values: ["alice", "bob"] }');
    expect(exceptions).toContain('{ kind: "wildcard", field: "process.parent.executable", pattern: "*\\\\explorer.exe" }');
    expect(plan.modules[0]!.text).toContain('exceptions: ["sigma-filter-admin-shells"]');
  });
  it("an unknown modifier is a refusal located at the detection item", () => {
    const plan = importOf({ "x.yml": ruleB.replace("Image|endswith", "Image|endswiht") });
    expect(plan.refused.map((r) => [r.code, r.range?.start.line, r.range?.start.column])).toEqual([["sigma/unknown-modifier", 7, 10]]);
  });
  it("broken YAML is a located diagnostic and the other files still import", () => {
    const plan = importOf({ "a.yml": ruleA, "broken.yml": "title: [x\n" });
    expect(plan.modules).toHaveLength(1);
    expect(plan.diagnostics.map((d) => d.code)).toEqual(["sigma/yaml"]);
    expect(plan.diagnostics[0]!.range?.file).toMatch(/broken\.yml$/);
  });
});

describe("regression data", () => {
  it("a rule's regression event becomes an ECS fixture and a replay test", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-sigma-reg-"));
    const regDir = join(dir, "regression_data", "svc");
    mkdirSync(regDir, { recursive: true });
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(regDir, "info.yml"), "regression_tests_info:\n  - name: Positive\n    type: evtx\n    match_count: 1\n    path: regression_data/svc/e.evtx\n");
    const event = { Event: { System: { EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational", Computer: "WS1", TimeCreated: { "#attributes": { SystemTime: "2026-01-01T00:00:00Z" } } }, EventData: { Image: "C:\\Windows\\System32\\cmd.exe", IntegrityLevel: "High" } } };
    writeFileSync(join(regDir, "e.json"), JSON.stringify(event));
    writeFileSync(join(dir, "rules", "b.yml"), `${ruleB}regression_tests_path: regression_data/svc/info.yml\n`);
    const plan = planSigmaImport([join(dir, "rules")], { out: join(dir, "detections", "sigma"), pipelines: [ecs] });
    const module = plan.modules[0]!;
    expect(module.text).toContain('{ name: "Sigma regression: Positive", fixture: "fixtures/shell-started-bbbbbbbb-1.ndjson", expectAlerts: 1 }');
    const doc = JSON.parse(module.fixtures[0]!.text) as Record<string, unknown>;
    expect(doc).toMatchObject({ "@timestamp": "2026-01-01T00:00:00Z", event: { category: ["process"], type: ["start"], code: "1" }, host: { name: "WS1" }, process: { executable: "C:\\Windows\\System32\\cmd.exe" }, winlog: { event_data: { IntegrityLevel: "High" } } });
    const { searchEqlSync } = await import("../../../src/eql/index.ts");
    const query = /query: String\.raw`([^`]*)`/.exec(module.text)![1]!;
    expect(searchEqlSync(query, [doc]).hits.events).toHaveLength(1);
  });
});
