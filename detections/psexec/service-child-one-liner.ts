import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: process starts with command line and parent: Sysmon 1, Security 4688 (with command-line
// auditing) and Elastic Defend. Needs no service-install event, so it works on Defend-only hosts and
// on hosts whose Sysmon config does not log services' ImagePath.
// Catches: the command a service-as-a-command tool makes services.exe run: Impacket / NetExec /
// CrackMapExec smbexec (echo ... ^> \\127.0.0.1\C$\__output, execute.bat), Metasploit and Cobalt
// Strike psexec_psh (cmd /b /c start /b /min powershell -nop -w hidden), Meterpreter getsystem
// (cmd /c echo x > \\.\pipe\x), Empire / Covenant SharpSC command services, Tchopper.
export const serviceChildOneLiner = defineDetection({
  id: "service-child-one-liner",
  name: "Service Control Manager Ran a Command One-Liner",
  description: "services.exe itself started a shell, script host or LOLBin running what remote-service tools put in a service's binary path: a PowerShell, mshta or rundll32 one-liner, output redirected to \\\\127.0.0.1\\ or \\\\localhost\\ shares (smbexec's __output), a temporary batch file (execute.bat), or an echo into a named pipe (Meterpreter getsystem). Service recovery actions (cmd /c net start …) do not look like this. Reads Sysmon 1, Security 4688 and Elastic Defend process events.",
  severity: "critical",
  riskScore: 91,
  mitre: ["T1569.002", "T1059.001", "T1059.003"],
  tags: ["psexec", "technique", "execution", "windows"],
  dataSources: ["sysmon", "windows-security", "elastic-defend"],
  query: String.raw`process where event.type == "start" and process.parent.name : "services.exe" and
  (process.name : ("powershell.exe", "pwsh.exe", "mshta.exe", "wscript.exe", "cscript.exe", "regsvr32.exe") or
   (process.name : "rundll32.exe" and process.args_count <= 1) or
   (process.name : "cmd.exe" and
      process.command_line : ("*powershell*", "*pwsh*", "*mshta*", "*rundll32*", "*regsvr32*", "*start /b /min*",
                              """*\\127.0.0.1\*""", """*\\localhost\*""", "*__output*", "*execute.bat*", """*\\.\pipe\*""")))`,
  entityField: "host.name",
  falsePositives: ["Legacy services that are PowerShell or script-host wrappers (rare; add an exception on process.command_line).", "Each telemetry source alerts once: Sysmon 1 and 4688 on the same host give two alerts per start."],
  references: ["https://attack.mitre.org/techniques/T1569/002/", "https://github.com/fortra/impacket/blob/master/examples/smbexec.py", "https://docs.metasploit.com/docs/using-metasploit/advanced/meterpreter/meterpreter-getsystem.html"],
  guide: `## Triage (critical)
1. The command line is the payload: decode \`-enc\` (UTF-16LE base64); \`__output\` means an operator is reading results over C$ (smbexec); a pipe name after \`echo\` means getsystem (SYSTEM token theft by a process already on the host).
2. Find the service install just before (7045/4697/registry) and its source (4624 type 3, 5145 svcctl).
3. Follow the children and network connections of the process.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "Cobalt Strike psexec_psh (Defend: services.exe -> cmd /b /c start /b /min powershell)", fixture: "fixtures/attack-cobaltstrike-psexec-psh.ndjson", expectAlerts: 1, expectEntity: "fin-ws12" },
    { name: "service recovery cmd /c net start stays silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    { name: "RMM agents' hidden PowerShell is not started by services.exe", fixture: "fixtures/benign-rmm-tools.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec-psh": { sec: 1, sysmon: 1 }, "impacket-smbexec": { sec: 5, sysmon: 5, defend: 5 }, "netexec-smbexec": { sec: 1, sysmon: 1 }, "empire-invoke-psexec": { sec: 1, sysmon: 1 }, "covenant-sharpsc": { sec: 1, sysmon: 1 }, "cobaltstrike-psexec-psh": { sec: 1, sysmon: 1 }, tchopper: { sec: 6, sysmon: 6 }, "meterpreter-getsystem": { sec: 1, sysmon: 1, defend: 1 }, "metasploit-psexec": { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
