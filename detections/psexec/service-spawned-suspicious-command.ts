import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: service installs (Security 4697, System 7045, Sysmon 13, Defend registry) then process starts
// with command line and parent (Elastic Defend, Sysmon 1, 4688 with command-line auditing).
export const serviceSpawnedSuspiciousCommand = defineDetection({
  id: "service-spawned-suspicious-command",
  name: "Cobalt Strike-Style Service Execution",
  description: "A service install followed within a minute by what Cobalt Strike's jump psexec / psexec_psh run: cmd.exe /c started directly by services.exe (the service command line is the payload), hidden encoded PowerShell, or rundll32.exe with no arguments (a spawn-to process for injection).",
  severity: "critical",
  riskScore: 95,
  mitre: ["T1569.002", "T1059.001", "T1059.003", "T1218.011"],
  tags: ["psexec", "cobalt-strike", "sequence", "windows"],
  dataSources: ["elastic-defend", "sysmon", "windows-security", "windows-system"],
  query: String.raw`sequence by host.name with maxspan=1m
  [any where (event.code == "7045" and winlog.channel == "System") or
             (event.code == "4697" and winlog.channel == "Security") or
             (registry.path : """HKLM\SYSTEM\*ControlSet*\Services\*\ImagePath""" and process.name : "services.exe")]
  [process where event.type == "start" and
     ((process.name : "cmd.exe" and process.parent.name : "services.exe" and process.command_line : "*/c *") or
      (process.name : ("powershell.exe", "pwsh.exe") and process.command_line : "*-w*hidden*" and
         process.command_line : ("*-enc*", "* -e *", "* -ec *")) or
      (process.name : "rundll32.exe" and process.args_count == 1))]`,
  entityField: "host.name",
  exceptions: ["rmm-tools"],
  falsePositives: ["RMM agents (ConnectWise, Kaseya, NinjaOne) that install helper services and run hidden encoded PowerShell: excepted by parent process and valid vendor code signature (rmm-tools)."],
  references: ["https://attack.mitre.org/techniques/T1569/002/", "https://attack.mitre.org/techniques/T1218/011/"],
  guide: `## Triage (critical)
1. Decode the PowerShell (-EncodedCommand is UTF-16LE base64) or read the service ImagePath in the install event: it is often the whole payload.
2. For rundll32 with no arguments, look for injected threads and outbound connections from that process (beacon).
3. Find the service install's source (4624/5145 before it) and hunt the same service name pattern on other hosts.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "psexec_psh: services.exe -> cmd /b /c start powershell -nop -w hidden -enc", fixture: "fixtures/attack-cobaltstrike-psexec-psh.ndjson", expectAlerts: 1, expectEntity: "fin-ws12" },
    { name: "psexec (exe): service binary spawns rundll32 with no arguments", fixture: "fixtures/attack-cobaltstrike-psexec-exe.ndjson", expectAlerts: 1, expectEntity: "FIN-WS13" },
    { name: "RMM agents (ConnectWise, Kaseya, NinjaOne) are excepted", fixture: "fixtures/benign-rmm-tools.ndjson", expectAlerts: 0 },
    { name: "unsigned impostor of an RMM agent fires", fixture: "fixtures/attack-rmm-impostor-unsigned.ndjson", expectAlerts: 1, expectEntity: "sales-ws04" },
    { name: "service recovery cmd /c with no install nearby stays silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    { name: "plain PsExec shell is not this variant", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 1, sysmon: 1 }, "metasploit-psexec-psh": { sec: 1, sysmon: 1, defend: 1 }, "impacket-smbexec": { sec: 5, sysmon: 5 }, "netexec-smbexec": { sec: 1, sysmon: 1 }, "empire-invoke-psexec": { sec: 1, sysmon: 1 }, "invoke-smbexec": { sec: 1, sysmon: 1 }, "covenant-sharpsc": { sec: 1, sysmon: 1 }, "cobaltstrike-psexec64": { sec: 1, sysmon: 1 }, "cobaltstrike-psexec-psh": { sec: 1, sysmon: 1 }, tchopper: { sec: 6, sysmon: 6 }, "meterpreter-getsystem": { sec: 1, sysmon: 1 }, paexec: { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
