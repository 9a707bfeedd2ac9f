import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Windows Security 5145 (ADMIN$ write, or C$ write under Windows\) then Security 4697 / System 7045 (service install).
export const adminShareBinaryThenServiceInstall = defineDetection({
  id: "admin-share-binary-then-service-install",
  name: "Executable Written to ADMIN$ Then Service Installed",
  description: "An executable was written through ADMIN$ (or under Windows\\ through C$, as Sliver's psexec does into C:\\Windows\\Temp) and a service was installed on the same host within two minutes: the SCM + admin-share technique shared by PsExec and its forks (RemCom and Impacket psexec.py, PAExec, CSExec, Metasploit psexec, Cobalt Strike's jump psexec, Sliver). Detects the technique, not the binary name. Reads Security 5145 and System 7045 / Security 4697.",
  severity: "high",
  riskScore: 85,
  mitre: ["T1021.002", "T1569.002", "T1570"],
  tags: ["psexec", "technique", "sequence", "smb", "windows"],
  dataSources: ["windows-security", "windows-system"],
  query: String.raw`sequence by host.name with maxspan=2m
  [any where event.code == "5145" and winlog.channel == "Security" and
     winlog.event_data.AccessList : "*%%4417*" and
     ((winlog.event_data.ShareName : """\\*\ADMIN$""" and winlog.event_data.RelativeTargetName : "*.exe") or
      (winlog.event_data.ShareName : """\\*\C$""" and winlog.event_data.RelativeTargetName : """Windows\*.exe"""))]
  [any where (event.code == "7045" and winlog.channel == "System") or
             (event.code == "4697" and winlog.channel == "Security")]`,
  entityField: "host.name",
  // Exceptions remove the ADMIN$ write before the sequence runs, so an excepted source never completes it.
  exceptions: ["it-admin-remediation", "patch-management"],
  falsePositives: ["Remote software deployment from hosts not yet listed in exceptionValues (adminSourceIps with adminAccounts, or patchSourceIps)."],
  references: ["https://attack.mitre.org/techniques/T1021/002/"],
  guide: `## Triage
1. The 5145 event gives \`source.ip\`, \`user.name\` and the file written (RelativeTargetName).
2. The install gives the service name and ImagePath; they should point at the same file.
3. Pivot on \`source.ip\`: the same pattern on other hosts is lateral movement in progress.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "PsExec from a workstation", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 1, expectEntity: "FS01" },
    { name: "RemCom fork", fixture: "fixtures/attack-remcom.ndjson", expectAlerts: 1, expectEntity: "HR-WS07" },
    { name: "Cobalt Strike jump psexec", fixture: "fixtures/attack-cobaltstrike-psexec-exe.ndjson", expectAlerts: 1, expectEntity: "FIN-WS13" },
    { name: "IT-admin remediation is excepted", fixture: "fixtures/benign-it-admin-remediation.ndjson", expectAlerts: 0 },
    { name: "admin account from a non-admin host fires", fixture: "fixtures/attack-admin-account-unlisted-host.ndjson", expectAlerts: 1, expectEntity: "FS03" },
    { name: "non-admin account from the admin subnet fires", fixture: "fixtures/attack-unlisted-account-admin-host.ndjson", expectAlerts: 1, expectEntity: "FS04" },
    { name: "patch server push is excepted", fixture: "fixtures/benign-patch-management.ndjson", expectAlerts: 0 },
    { name: "same push from an unpinned IP fires", fixture: "fixtures/attack-patch-push-unlisted-ip.ndjson", expectAlerts: 1, expectEntity: "APP06" },
    { name: "vendor installs without an ADMIN$ write stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 1 }, "impacket-psexec": { sec: 1 }, "cobaltstrike-psexec64": { sec: 1 }, "sliver-psexec": { sec: 1 }, "sliver-psexec-renamed": { sec: 1 }, paexec: { sec: 1 }, csexec: { sec: 1 }, "impacket-smbexec": { sec: 0 } }),
    ...benignSetTests(["sec"]),
    ...realTraceTests(0),
  ],
});
