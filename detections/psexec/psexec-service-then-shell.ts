import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: service installs from Security 4697 / System 7045 / Sysmon 13 / Elastic Defend
// registry (the service's ImagePath set by services.exe), then Sysmon 1 / 4688 / Defend process starts.
export const psexecServiceThenShell = defineDetection({
  id: "psexec-service-then-shell",
  name: "Service Installed Then Shell Spawned by a Service Binary in C:\\Windows",
  description: "A service was installed through the SCM, and within two minutes a shell was started on the same host by a binary that lives directly in C:\\Windows\\ (where PsExec, its -r renames, RemCom and Cobalt Strike drop service binaries). This is PsExec-style remote execution whatever the service is called.",
  severity: "critical",
  riskScore: 91,
  mitre: ["T1569.002", "T1543.003", "T1059.003", "T1021.002"],
  tags: ["psexec", "lateral-movement", "sequence", "windows"],
  dataSources: ["windows-security", "windows-system", "sysmon", "elastic-defend"],
  query: String.raw`sequence by host.name with maxspan=2m
  [any where (event.code == "7045" and winlog.channel == "System") or
             (event.code == "4697" and winlog.channel == "Security") or
             (registry.path : """HKLM\SYSTEM\*ControlSet*\Services\*\ImagePath""" and process.name : "services.exe")]
  [process where event.type == "start" and
     process.name : ("cmd.exe", "powershell.exe", "pwsh.exe") and
     process.parent.executable : """?:\Windows\*.exe""" and
     not process.parent.executable : """?:\Windows\*\*""" and
     not process.parent.name : ("explorer.exe", "hh.exe", "splwow64.exe", "HelpPane.exe", "notepad.exe", "regedit.exe", "bfsvc.exe", "winhlp32.exe", "write.exe")]`,
  entityField: "host.name",
  falsePositives: ["Administrators using PsExec or RemCom for remote shells; suppress with an exception on the admin source once the logon-source join is available in your data."],
  references: ["https://attack.mitre.org/techniques/T1569/002/", "https://learn.microsoft.com/en-us/sysinternals/downloads/psexec"],
  guide: `## Triage
1. The first event names the service (\`winlog.event_data.ServiceName\` or the registry key); the second is the shell and its parent binary.
2. Get the binary: hash \`process.parent.executable\` and check whether it is psexesvc (renamed-psexesvc), RemCom, or unknown.
3. Walk the shell's children and network connections; find the source through the 4624/5145 events just before the install.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "PsExec remote shell", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 1, expectEntity: "FS01" },
    { name: "Elastic Defend only (registry ImagePath + process)", fixture: "fixtures/attack-psexec-defend.ndjson", expectAlerts: 1, expectEntity: "app02" },
    { name: "renamed psexesvc (-r WinUpdSvc)", fixture: "fixtures/attack-renamed-psexesvc.ndjson", expectAlerts: 1, expectEntity: "DB03" },
    { name: "RemCom fork", fixture: "fixtures/attack-remcom.ndjson", expectAlerts: 1, expectEntity: "HR-WS07" },
    { name: "random 4-letter service name", fixture: "fixtures/attack-random-service-name.ndjson", expectAlerts: 1, expectEntity: "ENG-WS22" },
    { name: "vendor service install then a shell from Explorer stays silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "impacket-psexec": { sec: 1, sysmon: 1, defend: 1 }, paexec: { sec: 1, sysmon: 1 }, "metasploit-psexec": { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
