import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Security 4624 (logon type 3 from another host) then System 7045 / Security 4697 on the same
// host within 30 s. Needs no file share auditing and no Sysmon: the target-side shape of every remote
// SCM tool whatever its binary or command (PsExec, PAExec, CSExec, RemCom/Impacket psexec, smbexec,
// NetExec/CrackMapExec, Metasploit, Cobalt Strike, Sliver, Empire, Covenant SharpSC).
export const networkLogonThenServiceInstall = defineDetection({
  id: "network-logon-then-service-install",
  name: "Network Logon Followed by a Service Install",
  description: "A user account logged on over the network (4624 logon type 3) from another host that is not an admin jump host with an admin account, nor a patch server, and a user-mode service was installed on the same host within 30 seconds. Remote service creation needs exactly this: an SMB session, then a CreateService call over it. Catches PsExec and every look-alike (PAExec, CSExec, Impacket psexec/smbexec, NetExec/CrackMapExec, Metasploit psexec, Cobalt Strike jump psexec*, Sliver psexec, Empire, Covenant SharpSC) on hosts with only Security and System auditing, whatever the binary path. Machine accounts, anonymous and loopback logons are left out. Reads Security 4624 and System 7045 / Security 4697.",
  severity: "medium",
  riskScore: 60,
  mitre: ["T1021.002", "T1569.002", "T1543.003"],
  tags: ["psexec", "technique", "sequence", "authentication", "windows"],
  dataSources: ["windows-security", "windows-system"],
  query: String.raw`sequence by host.name with maxspan=30s
  [authentication where event.code == "4624" and winlog.channel == "Security" and
     winlog.event_data.LogonType == "3" and
     not winlog.event_data.TargetUserName : ("*$", "ANONYMOUS LOGON") and
     not winlog.event_data.IpAddress in ("-", "127.0.0.1", "::1", "")]
  [any where (event.code == "7045" and winlog.channel == "System" and
              not winlog.event_data.ServiceType : ("kernel mode driver", "file system driver")) or
             (event.code == "4697" and winlog.channel == "Security" and
              not winlog.event_data.ServiceType in ("0x1", "0x2"))]`,
  entityField: "host.name",
  // Exceptions remove the excepted source's logon before the sequence runs.
  exceptions: ["it-admin-remediation", "patch-management"],
  falsePositives: [
    "A service installed by a local installer or Windows Update in the same 30 s as an unrelated user's network logon (file server access): the install's SubjectUserName (4697) or ImagePath tells them apart.",
    "Software deployment over SMB from hosts missing from exceptionValues.",
  ],
  references: ["https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624", "https://attack.mitre.org/techniques/T1569/002/"],
  guide: `## Triage
1. The 4624 gives \`source.ip\`, the account and the logon id; on 4697 the same id is \`SubjectLogonId\`: equal ids prove the service was created over that session.
2. Read the service's binary path: a command line, a share path or a random .exe in C:\\Windows\\ is an attack tool.
3. The same account and source installing services on other hosts in the same hour is lateral movement in progress.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "remote PsExec from a workstation (4624 then 7045 + 4697)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 1, expectEntity: "FS01" },
    { name: "IT-admin remediation from the admin subnet is excepted", fixture: "fixtures/benign-it-admin-remediation.ndjson", expectAlerts: 0 },
    { name: "admin account from a non-admin host fires", fixture: "fixtures/attack-admin-account-unlisted-host.ndjson", expectAlerts: 1, expectEntity: "FS03" },
    { name: "patch server push is excepted", fixture: "fixtures/benign-patch-management.ndjson", expectAlerts: 0 },
    { name: "vendor service installs without a network logon stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 1 }, "metasploit-psexec-psh": { sec: 1 }, "impacket-smbexec": { sec: 1 }, "netexec-smbexec": { sec: 1 }, "impacket-psexec": { sec: 1 }, "empire-invoke-psexec": { sec: 1 }, "invoke-smbexec": { sec: 1 }, "covenant-sharpsc": { sec: 1 }, "cobaltstrike-psexec64": { sec: 1 }, "cobaltstrike-psexec-psh": { sec: 1 }, "sliver-psexec": { sec: 1 }, "sliver-psexec-renamed": { sec: 1 }, paexec: { sec: 1 }, csexec: { sec: 1 }, tchopper: { sec: 1 }, "meterpreter-getsystem": { sec: 0 } }),
    ...benignSetTests(["sec"]),
    ...realTraceTests(0),
  ],
});
