import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, realTraceTests } from "./real-traces.ts";

// Reads: Windows Security 4697 and System 7045 (Elastic Agent System integration or Winlogbeat).
export const psexesvcServiceInstalled = defineDetection({
  id: "psexesvc-service-installed",
  name: "PSEXESVC Service Installed",
  description: "The PsExec service (PSEXESVC, or any service whose binary is psexesvc.exe) was installed through the Service Control Manager: a host was the target of PsExec.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1569.002", "T1543.003"],
  tags: ["psexec", "lateral-movement", "windows"],
  dataSources: ["windows-security", "windows-system"],
  query: String.raw`any where
  (event.code == "4697" and winlog.channel == "Security" and
     (winlog.event_data.ServiceName : "PSEXESVC" or winlog.event_data.ServiceFileName : """*\psexesvc.exe""")) or
  (event.code == "7045" and winlog.channel == "System" and
     (winlog.event_data.ServiceName : "PSEXESVC" or winlog.event_data.ImagePath : """*\psexesvc.exe"""))`,
  entityField: "host.name",
  falsePositives: [
    "IT administrators running PsExec on purpose: this rule is name-based and fires on every PsExec run; the tuned signals are admin-share-binary-then-service-install and psexec-service-then-shell, which carry the admin/patch exceptions.",
    "Misses `psexec -r <name>` (renamed service): see renamed-psexesvc and service-binary-dropped-then-installed.",
  ],
  references: ["https://learn.microsoft.com/en-us/sysinternals/downloads/psexec", "https://attack.mitre.org/techniques/T1569/002/"],
  guide: `## Triage
1. Who installed it? 4697 \`winlog.event_data.SubjectUserName\` is the account PsExec authenticated as.
2. Find the source: the 4624 type 3 logon with the same \`winlog.logon.id\` on this host carries \`source.ip\`.
3. What ran? Look for children of PSEXESVC.exe (psexesvc-child-shell) within a minute.
4. Expected admin activity? Compare the source and account with the change calendar and the admin jump hosts.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "remote PsExec (Security 4697 + System 7045)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 2, expectEntity: "FS01" },
    { name: "vendor service installs stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    { name: "renamed service (-r) is out of scope for the name-based rule", fixture: "fixtures/attack-renamed-psexesvc.ndjson", expectAlerts: 0 },
    ...realTraceTests(2),
  ],
});
