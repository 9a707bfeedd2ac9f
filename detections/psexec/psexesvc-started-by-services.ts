import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Sysmon 1, Windows Security 4688 and Elastic Defend process starts (all ECS process.*).
export const psexesvcStartedByServices = defineDetection({
  id: "psexesvc-started-by-services",
  name: "PSEXESVC Started by the Service Control Manager",
  description: "psexesvc.exe started with services.exe as its parent: the PsExec service is running on this host.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1569.002"],
  tags: ["psexec", "execution", "windows"],
  dataSources: ["sysmon", "windows-security", "elastic-defend"],
  query: String.raw`process where event.type == "start" and
  process.name : "psexesvc.exe" and process.parent.name : "services.exe"`,
  entityField: "host.name",
  falsePositives: ["Administrators using PsExec; check the source of the logon that preceded it.", "Each telemetry source alerts once: hosts with Sysmon and 4688 auditing produce two alerts per run."],
  references: ["https://learn.microsoft.com/en-us/sysinternals/downloads/psexec"],
  guide: `## Triage
1. Note \`process.entity_id\` of PSEXESVC.exe and list its children (the commands the operator ran).
2. Find the SMB logon (4624 type 3) and ADMIN$ write (5145) just before it to get the source.
3. If the children include shells, credential tools or \`reg save\`, treat as an incident.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "remote PsExec (Sysmon 1 + Security 4688)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 2, expectEntity: "FS01" },
    { name: "Elastic Defend process start", fixture: "fixtures/attack-psexec-defend.ndjson", expectAlerts: 1, expectEntity: "app02" },
    { name: "PSEXESVC.exe opened from Explorer and the PsExec client stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ paexec: { sysmon: 0 }, csexec: { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(2),
  ],
});
