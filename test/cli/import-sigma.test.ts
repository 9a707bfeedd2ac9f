import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDac } from "../fixtures/detection/cli-harness.ts";

const RULES: Record<string, string> = {
  "shell.yml": `title: Shell From Office
id: dddddddd-0000-4000-8000-000000000004
name: shell_from_office
status: experimental
author: Carol
level: high
tags: [attack.execution, attack.t1059.003]
falsepositives: [Macros in trusted templates]
logsource: { product: windows, category: process_creation }
detection:
  parent: { ParentImage|endswith: ['\\winword.exe', '\\excel.exe'] }
  child: { Image|endswith: '\\cmd.exe', CommandLine|windash|contains: ' -c ' }
  condition: parent and child
`,
  "logon.yml": `title: Network Logon
id: eeeeeeee-0000-4000-8000-000000000005
name: network_logon
level: low
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4624, LogonType: 3 }
  condition: sel
`,
  "seq.yml": `title: Logon Then Office Shell
id: ffffffff-0000-4000-8000-000000000006
correlation:
  type: temporal_ordered
  rules: [network_logon, shell_from_office]
  group-by: [Computer]
  timespan: 10m
level: critical
`,
  "typo.yml": `title: Typo
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endwith: x }
  condition: sel
`,
  "broken.yml": "title: [unclosed\n",
};

const ENVIRONMENTS = `environments:
  elastic-test:
    engine: elastic
    url: https://es.example:9243
    kibanaUrl: https://kibana.example:5601
    auth: { apiKeyEnv: DAC_TEST_API_KEY }
  opensearch-test:
    engine: opensearch
    url: http://localhost:9200
`;

function workspace(): { dir: string; rules: string; out: string; environments: string } {
  const dir = mkdtempSync(join(tmpdir(), "dac-import-sigma-"));
  const rules = join(dir, "sigma");
  mkdirSync(rules);
  for (const [name, text] of Object.entries(RULES)) writeFileSync(join(rules, name), text);
  writeFileSync(join(dir, "environments.yaml"), ENVIRONMENTS);
  return { dir, rules, out: join(dir, "detections", "sigma"), environments: join(dir, "environments.yaml") };
}

// Each case runs the real CLI (import, then validate twice): seconds on a loaded machine.
describe("dac import sigma", { timeout: 60_000 }, () => {
  it("imports rules and the correlation, locates the broken file and the unknown modifier, and the pack validates for both targets", async () => {
    const ws = workspace();
    const r = await runDac("import", "sigma", ws.rules, "--out", ws.out);
    expect(r.code).toBe(1); // the broken YAML file
    expect(r.stdout).toContain("3 detections imported, 1 refused, 1 broken files");
    expect(r.stderr).toMatch(/broken\.yml:2:1 error sigma\/yaml Invalid YAML: Flow sequence/);
    expect(r.stderr).toMatch(/typo\.yml:4:10 warning sigma\/unknown-modifier .*"endwith"/);
    const seq = readFileSync(join(ws.out, "logon-then-office-shell-ffffffff.ts"), "utf8");
    expect(seq).toContain("sequence by winlog.computer_name with maxspan=10m");
    for (const env of ["elastic-test", "opensearch-test"]) {
      const v = await runDac("validate", ws.out, "--env", env, "--environments", ws.environments);
      expect([env, v.code, v.stderr.match(/error .*/g) ?? []]).toEqual([env, 0, []]);
    }
  });

  it("--dry-run writes nothing; --json reports refusals by code", async () => {
    const ws = workspace();
    const r = await runDac("import", "sigma", join(ws.rules, "shell.yml"), join(ws.rules, "typo.yml"), "--out", ws.out, "--dry-run", "--json");
    expect(existsSync(ws.out)).toBe(false);
    const report = JSON.parse(r.stdout) as { imported: { id: string }[]; refusedByCode: Record<string, number>; writes: { kind: string }[] };
    expect(report.imported.map((m) => m.id)).toEqual(["shell-from-office-dddddddd"]);
    expect(report.refusedByCode).toEqual({ "sigma/unknown-modifier": 1 });
    expect(report.writes.map((w) => w.kind)).toEqual(["create", "create"]);
  });

  it("re-import updates untouched modules in place and leaves edited ones alone", async () => {
    const ws = workspace();
    const shell = join(ws.rules, "shell.yml");
    await runDac("import", "sigma", shell, "--out", ws.out);
    const module = join(ws.out, "shell-from-office-dddddddd.ts");
    const again = await runDac("import", "sigma", shell, "--out", ws.out);
    expect(again.stdout).toContain("0 new, 0 updated, 2 unchanged, 0 conflicts");
    writeFileSync(shell, RULES["shell.yml"]!.replace("level: high", "level: critical"));
    const updated = await runDac("import", "sigma", shell, "--out", ws.out);
    expect(updated.stdout).toContain("1 updated");
    expect(readFileSync(module, "utf8")).toContain('severity: "critical"');
    writeFileSync(module, readFileSync(module, "utf8").replace('riskScore: 99', "riskScore: 90"));
    writeFileSync(shell, RULES["shell.yml"]!);
    const kept = await runDac("import", "sigma", shell, "--out", ws.out);
    expect(kept.stdout).toContain("1 conflicts");
    expect(readFileSync(module, "utf8")).toContain("riskScore: 90");
  });
});
