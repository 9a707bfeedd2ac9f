import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Sysmon 1, Windows Security 4688 and Elastic Defend process starts.
export const psexesvcChildShell = defineDetection({
  id: "psexesvc-child-shell",
  name: "Shell Spawned by PSEXESVC",
  description: "cmd.exe or PowerShell started by psexesvc.exe: someone has an interactive or scripted shell on this host through PsExec. Investigate immediately.",
  severity: "critical",
  riskScore: 99,
  mitre: ["T1569.002", "T1059.003", "T1059.001"],
  tags: ["psexec", "execution", "windows"],
  dataSources: ["sysmon", "windows-security", "elastic-defend"],
  query: String.raw`process where event.type == "start" and
  process.parent.name : "psexesvc.exe" and
  process.name : ("cmd.exe", "powershell.exe", "pwsh.exe")`,
  entityField: "host.name",
  falsePositives: ["An administrator opening a remote shell with PsExec (`psexec \\\\host cmd`): confirm with the admin and the change record before closing."],
  references: ["https://learn.microsoft.com/en-us/sysinternals/downloads/psexec"],
  guide: `## Triage (critical)
1. Isolate first if the source of the PsExec session is not a known admin host.
2. Follow \`process.entity_id\` of the shell: every command it ran, files it wrote, connections it made.
3. \`user.name\` tells whether PsExec ran with -s (SYSTEM) or as the connecting user.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "remote PsExec shell (Sysmon 1 + 4688)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 2, expectEntity: "FS01" },
    { name: "Elastic Defend: PowerShell under PSEXESVC", fixture: "fixtures/attack-psexec-defend.ndjson", expectAlerts: 1, expectEntity: "app02" },
    { name: "shells from Explorer and services.exe stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ paexec: { sysmon: 0 }, "impacket-psexec": { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
