import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Windows Security 5145 (detailed file share auditing) via Elastic Agent or Winlogbeat.
export const adminShareWriteFromNonAdminSource = defineDetection({
  id: "admin-share-write-from-non-admin-source",
  name: "ADMIN$ Share Written From a Non-Admin Source",
  description: "A file was written through the ADMIN$ share (5145 with WriteData) from a source that is not an IT-admin jump host with an admin account, nor a patch-management server. This is how PsExec and its forks copy their service binary.",
  severity: "medium",
  riskScore: 47,
  mitre: ["T1021.002", "T1570"],
  tags: ["psexec", "lateral-movement", "smb", "windows"],
  dataSources: ["windows-security"],
  query: String.raw`any where event.code == "5145" and winlog.channel == "Security" and
  winlog.event_data.ShareName : """\\*\ADMIN$""" and
  winlog.event_data.AccessList : "*%%4417*"`,
  entityField: "host.name",
  exceptions: ["it-admin-remediation", "patch-management"],
  falsePositives: ["Software distribution and remediation from hosts missing from exceptionValues.adminSourceIps / patchSourceIps.", "Backup or inventory agents that stage files under C:\\Windows."],
  references: ["https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-5145"],
  guide: `## Triage
1. \`source.ip\` is the writer, \`user.name\` the account, \`winlog.event_data.RelativeTargetName\` the file.
2. An .exe written to ADMIN$ followed by a service install (7045/4697) is remote service execution: see admin-share-binary-then-service-install.
3. If the source is a legitimate admin host, add it to exceptionValues.adminSourceIps (with the account in adminAccounts).`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "PsExec copies PSEXESVC.exe from a workstation", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 1, expectEntity: "FS01" },
    { name: "IT-admin remediation from the admin subnet is excepted", fixture: "fixtures/benign-it-admin-remediation.ndjson", expectAlerts: 0 },
    { name: "admin account from a non-admin host still fires", fixture: "fixtures/attack-admin-account-unlisted-host.ndjson", expectAlerts: 1, expectEntity: "FS03" },
    { name: "non-admin account from the admin subnet still fires", fixture: "fixtures/attack-unlisted-account-admin-host.ndjson", expectAlerts: 1, expectEntity: "FS04" },
    { name: "patch server push is excepted", fixture: "fixtures/benign-patch-management.ndjson", expectAlerts: 0 },
    { name: "same push from an unpinned IP fires", fixture: "fixtures/attack-patch-push-unlisted-ip.ndjson", expectAlerts: 1, expectEntity: "APP06" },
    { name: "ADMIN$ reads and C$ writes stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 1 }, "impacket-psexec": { sec: 1 }, "cobaltstrike-psexec64": { sec: 1 }, paexec: { sec: 1 }, csexec: { sec: 1 }, "sliver-psexec": { sec: 0 } }),
    ...benignSetTests(["sec"]),
    ...realTraceTests(0),
  ],
});
