import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: System 7045 (service installed) then System 7000 (service failed to start), joined on the
// service's display name (7045 ServiceName = 7000 param1). Security 4697 joins too when the tool
// gives the service the same name and display name (Impacket, Cobalt Strike, getsystem).
// Catches: payloads that are a command, not a service binary, so the SCM times out waiting for them
// (7009 after 30 s, then 7000 error 1053): Metasploit psexec_psh, Impacket / NetExec / CrackMapExec
// smbexec, Cobalt Strike psexec_psh, Empire Invoke-PsExec / Invoke-SMBExec, Covenant SharpSC with a
// command binPath, Tchopper, Meterpreter getsystem.
export const serviceInstalledThenFailedToStart = defineDetection({
  id: "service-installed-then-failed-to-start",
  name: "New Service Failed to Start Within a Minute of Its Install",
  description: "A user-mode service was installed and, within a minute, the Service Control Manager reported that this same service failed to start (7000, logged right after the 7009 30-second timeout). A service whose 'binary' is a command line never answers the SCM: this is how Metasploit psexec_psh, Impacket/NetExec/CrackMapExec smbexec, Cobalt Strike psexec_psh, Empire Invoke-PsExec/Invoke-SMBExec, Covenant SharpSC, Tchopper and Meterpreter getsystem look on a host that only audits System (and Security) events. Reads System 7045/7000 and Security 4697.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1569.002", "T1543.003"],
  tags: ["psexec", "technique", "sequence", "service-install", "windows"],
  dataSources: ["windows-system", "windows-security"],
  query: String.raw`sequence by host.name with maxspan=1m
  [any where (event.code == "7045" and winlog.channel == "System" and
              not winlog.event_data.ServiceType : ("kernel mode driver", "file system driver")) or
             (event.code == "4697" and winlog.channel == "Security" and
              not winlog.event_data.ServiceType in ("0x1", "0x2"))] by winlog.event_data.ServiceName
  [any where event.code == "7000" and winlog.channel == "System"] by winlog.event_data.param1`,
  entityField: "host.name",
  falsePositives: ["A software install whose new service is broken (missing dependency, wrong account) and fails on its first start: the ImagePath tells an installer path from a command line."],
  references: ["https://attack.mitre.org/techniques/T1569/002/", "https://learn.microsoft.com/en-us/troubleshoot/windows-server/system-management-components/event-id-7000-7011-7009-service-control-manager"],
  guide: `## Triage
1. The first event carries the service's ImagePath: a command line there is the payload (decode PowerShell \`-enc\`), \`__output\` is smbexec, \`echo … > \\\\.\\pipe\\…\` is getsystem.
2. The failure does not mean the payload failed: the command runs before the SCM gives up. Look for what it started (services.exe children, files in C:\\Windows\\Temp or C$\\__output).
3. Find the source: the 4624 type 3 logon and 5145 \`svcctl\` access just before the install.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "vendor service installs that start stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec-psh": { sec: 1 }, "impacket-smbexec": { sec: 2 }, "netexec-smbexec": { sec: 1 }, "empire-invoke-psexec": { sec: 1 }, "invoke-smbexec": { sec: 1 }, "covenant-sharpsc": { sec: 1 }, "cobaltstrike-psexec-psh": { sec: 1 }, tchopper: { sec: 6 }, "meterpreter-getsystem": { sec: 1 }, "metasploit-psexec": { sec: 0 } }),
    ...benignSetTests(["sec"]),
    ...realTraceTests(0),
  ],
});
