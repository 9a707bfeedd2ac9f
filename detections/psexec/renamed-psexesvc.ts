import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Sysmon 1 and Elastic Defend process starts (4688 has no PE metadata or hash).
export const renamedPsexesvc = defineDetection({
  id: "renamed-psexesvc",
  name: "Renamed PSEXESVC",
  description: "A process whose PE original file name or hash says psexesvc.exe runs under another name (psexec -r, or an attacker hiding the service). The hash and PE metadata survive a rename; the file name does not.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1036.003", "T1569.002"],
  tags: ["psexec", "defense-evasion", "variant", "windows"],
  dataSources: ["sysmon", "elastic-defend"],
  query: String.raw`process where event.type == "start" and
  (process.pe.original_file_name : "psexesvc.exe" or
   process.hash.sha256 in ("141b2190f51397dbd0dfde0e3904b264c91b6f81febc823ff0c33da980b69944")) and
  not process.name : "psexesvc.exe"`,
  entityField: "host.name",
  falsePositives: ["Administrators who use `psexec -r` on purpose to avoid clashing with another PsExec session (rare)."],
  references: ["https://attack.mitre.org/techniques/T1036/003/"],
  guide: `## Triage
1. \`process.name\` is the disguise, \`process.pe.original_file_name\` / \`process.hash.sha256\` the truth.
2. Extend the hash list with the PSEXESVC builds your fleet has seen (the one listed is PsExec 2.2's service from the OTRF trace).
3. Treat a rename as intent to evade: escalate unless an admin confirms -r.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "psexec -r WinUpdSvc", fixture: "fixtures/attack-renamed-psexesvc.ndjson", expectAlerts: 1, expectEntity: "DB03" },
    { name: "PSEXESVC.exe under its own name stays silent", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 0 },
    { name: "other renamed binaries stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ paexec: { sysmon: 0 }, "impacket-psexec": { sysmon: 0 } }),
    ...benignSetTests(["sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
