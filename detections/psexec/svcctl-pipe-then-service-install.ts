import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Security 5145 (detailed file share auditing: the svcctl pipe opened on IPC$) then
// System 7045 / Security 4697 on the same host. 5145 carries the client (source.ip, user.name),
// so the admin and patch exceptions apply to it.
// Catches: every tool that drives the Service Control Manager over SMB (MS-SCMR on \pipe\svcctl):
// PsExec, PAExec, CSExec, Impacket psexec/smbexec, NetExec/CrackMapExec, Metasploit psexec,
// Cobalt Strike jump psexec*, Sliver psexec, Empire Invoke-PsExec/Invoke-SMBExec, Covenant SharpSC.
export const svcctlPipeThenServiceInstall = defineDetection({
  id: "svcctl-pipe-then-service-install",
  name: "Remote Service Control Manager Access Then Service Install",
  description: "A client opened the Service Control Manager pipe (svcctl, on IPC$) of a host from a source that is not an admin jump host with an admin account, nor a patch server, and a service was installed on that host within a minute. This is remote service creation over SMB, the step every PsExec-style tool shares (PsExec, PAExec, CSExec, Impacket, NetExec/CrackMapExec, Metasploit, Cobalt Strike, Sliver, Empire, Covenant). The Task Scheduler pipe (atsvc) is a different technique and is not read here. Reads Security 5145 and System 7045 / Security 4697.",
  severity: "high",
  riskScore: 80,
  mitre: ["T1021.002", "T1569.002", "T1543.003"],
  tags: ["psexec", "technique", "sequence", "smb", "windows"],
  dataSources: ["windows-security", "windows-system"],
  query: String.raw`sequence by host.name with maxspan=1m
  [any where event.code == "5145" and winlog.channel == "Security" and
     winlog.event_data.ShareName : """\\*\IPC$""" and winlog.event_data.RelativeTargetName : "svcctl"]
  [any where (event.code == "7045" and winlog.channel == "System") or
             (event.code == "4697" and winlog.channel == "Security")]`,
  entityField: "host.name",
  // Exceptions remove the excepted source's 5145 before the sequence runs, so its installs never complete it.
  exceptions: ["it-admin-remediation", "patch-management"],
  falsePositives: ["Remote service management (sc \\\\host create, software deployment, SCCM client push) from hosts missing from exceptionValues."],
  references: ["https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-5145", "https://attack.mitre.org/techniques/T1021/002/"],
  guide: `## Triage
1. The 5145 event is the client: \`source.ip\` and \`user.name\` (SubjectUserName).
2. The install names the service and its binary path; a command line or a random .exe in C:\\Windows is an attack tool (see service-installed-with-suspicious-image-path).
3. Pivot on \`source.ip\`: the same svcctl access on other hosts is lateral movement in progress. If the source is a legitimate admin host, list it in exceptionValues.adminSourceIps with the account in adminAccounts.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "vendor service installs without remote SCM access stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 1 }, "metasploit-psexec-psh": { sec: 1 }, "impacket-smbexec": { sec: 1 }, "netexec-smbexec": { sec: 1 }, "impacket-psexec": { sec: 1 }, "empire-invoke-psexec": { sec: 1 }, "invoke-smbexec": { sec: 1 }, "covenant-sharpsc": { sec: 1 }, "cobaltstrike-psexec64": { sec: 1 }, "cobaltstrike-psexec-psh": { sec: 1 }, "sliver-psexec": { sec: 1 }, "sliver-psexec-renamed": { sec: 1 }, paexec: { sec: 1 }, csexec: { sec: 1 }, tchopper: { sec: 1 }, "meterpreter-getsystem": { sec: 0 } }),
    ...benignSetTests(["sec"]),
    ...realTraceTests(0),
  ],
});
