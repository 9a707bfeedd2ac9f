import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: the service's binary path at install time: System 7045 (ImagePath), Security 4697
// (ServiceFileName), Sysmon 13 / Elastic Defend registry (the ImagePath value services.exe writes).
// Catches: Metasploit psexec (%SYSTEMROOT%\<random>.exe) and psexec_psh (%COMSPEC% ... powershell),
// Impacket smbexec / NetExec / CrackMapExec smbexec (%COMSPEC% /Q /c echo ... \\127.0.0.1\C$\__output),
// Impacket psexec (RemCom binary in ADMIN$), Cobalt Strike jump psexec/psexec64 (\\127.0.0.1\ADMIN$\<x>.exe)
// and psexec_psh, Empire Invoke-PsExec / Invoke-SMBExec and Covenant SharpSC (command binPath),
// Sliver psexec (C:\Windows\Temp\<random>.exe), PAExec (%SystemRoot%\PAExec-*.exe), Tchopper
// (cmd /c powershell ... out-file -append), Meterpreter getsystem (cmd /c echo x > \\.\pipe\x),
// and Sysinternals PsExec itself (%SystemRoot%\PSEXESVC.exe).
export const serviceInstalledWithSuspiciousImagePath = defineDetection({
  id: "service-installed-with-suspicious-image-path",
  name: "Service Installed With a Command Line, Share Path or Loose C:\\Windows Binary",
  description: "A service was installed whose binary path is what remote service execution tools write, not what installers write: a command interpreter, script host or LOLBin one-liner (%COMSPEC%, cmd /c, PowerShell, mshta, rundll32, regsvr32, echo to \\\\.\\pipe\\), a UNC, loopback or admin-share path (\\\\127.0.0.1\\, \\\\localhost\\, ADMIN$, C$), or an .exe directly in C:\\Windows\\, in C:\\Windows\\Temp\\, C:\\Users\\Public\\ or C:\\PerfLogs\\ (where operators stage custom service binaries). This is the install step of PsExec and of every look-alike (Metasploit psexec/psexec_psh, Impacket smbexec/psexec, NetExec/CrackMapExec, Empire, Covenant SharpSC, Cobalt Strike jump psexec/psexec64/psexec_psh, Sliver, PAExec, Tchopper, Meterpreter getsystem), whatever the service is called. Reads System 7045, Security 4697, Sysmon 13 and Elastic Defend registry events.",
  severity: "high",
  riskScore: 80,
  mitre: ["T1569.002", "T1543.003", "T1021.002"],
  tags: ["psexec", "technique", "service-install", "windows"],
  dataSources: ["windows-system", "windows-security", "sysmon", "elastic-defend"],
  query: String.raw`any where
  (event.code == "7045" and winlog.channel == "System" and
     (winlog.event_data.ImagePath : ("*cmd.exe*", "cmd *", """*\cmd *""", "*%COMSPEC%*", "*powershell*", "*pwsh*", "*mshta*", "*wscript*", "*cscript*", "*regsvr32*", "*rundll32*", """*\\.\pipe\*""",
       """\\*""", """"\\*""", """*\\127.0.0.1\*""", """*\\localhost\*""", """*\ADMIN$*""", """*\C$\*""", """?:\Windows\Temp\*.exe*""", """%SystemRoot%\Temp\*.exe*""", """%windir%\Temp\*.exe*""", """*\Users\Public\*""", """*\PerfLogs\*""") or
      (winlog.event_data.ImagePath : ("""?:\Windows\*.exe""", """%SystemRoot%\*.exe""", """%windir%\*.exe""", """\SystemRoot\*.exe""") and
       not winlog.event_data.ImagePath : ("""?:\Windows\*\*""", """%SystemRoot%\*\*""", """%windir%\*\*""", """\SystemRoot\*\*""")))) or
  (event.code == "4697" and winlog.channel == "Security" and
     (winlog.event_data.ServiceFileName : ("*cmd.exe*", "cmd *", """*\cmd *""", "*%COMSPEC%*", "*powershell*", "*pwsh*", "*mshta*", "*wscript*", "*cscript*", "*regsvr32*", "*rundll32*", """*\\.\pipe\*""",
       """\\*""", """"\\*""", """*\\127.0.0.1\*""", """*\\localhost\*""", """*\ADMIN$*""", """*\C$\*""", """?:\Windows\Temp\*.exe*""", """%SystemRoot%\Temp\*.exe*""", """%windir%\Temp\*.exe*""", """*\Users\Public\*""", """*\PerfLogs\*""") or
      (winlog.event_data.ServiceFileName : ("""?:\Windows\*.exe""", """%SystemRoot%\*.exe""", """%windir%\*.exe""", """\SystemRoot\*.exe""") and
       not winlog.event_data.ServiceFileName : ("""?:\Windows\*\*""", """%SystemRoot%\*\*""", """%windir%\*\*""", """\SystemRoot\*\*""")))) or
  (registry.path : """HKLM\SYSTEM\*ControlSet*\Services\*\ImagePath""" and process.name : "services.exe" and
     (registry.data.strings : ("*cmd.exe*", "cmd *", """*\cmd *""", "*%COMSPEC%*", "*powershell*", "*pwsh*", "*mshta*", "*wscript*", "*cscript*", "*regsvr32*", "*rundll32*", """*\\.\pipe\*""",
       """\\*""", """"\\*""", """*\\127.0.0.1\*""", """*\\localhost\*""", """*\ADMIN$*""", """*\C$\*""", """?:\Windows\Temp\*.exe*""", """%SystemRoot%\Temp\*.exe*""", """%windir%\Temp\*.exe*""", """*\Users\Public\*""", """*\PerfLogs\*""") or
      (registry.data.strings : ("""?:\Windows\*.exe""", """%SystemRoot%\*.exe""", """%windir%\*.exe""", """\SystemRoot\*.exe""") and
       not registry.data.strings : ("""?:\Windows\*\*""", """%SystemRoot%\*\*""", """%windir%\*\*""", """\SystemRoot\*\*"""))))`,
  entityField: "host.name",
  falsePositives: [
    "Administrators running Sysinternals PsExec or PAExec on purpose (their service binaries sit directly in C:\\Windows): this rule carries no source, so it cannot tell an admin jump host from an attacker; the admin/patch exceptions live on the rules that read 4624/5145.",
    "Legacy software whose service is a batch or PowerShell wrapper (cmd /c, powershell -File): add a wildcard exception on the exact ImagePath.",
    "Each source alerts once: a host with System, Security and Sysmon auditing raises up to three alerts per install.",
  ],
  references: [
    "https://attack.mitre.org/techniques/T1569/002/",
    "https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4697",
    "https://github.com/fortra/impacket/blob/master/examples/smbexec.py",
  ],
  guide: `## Triage
1. Read the binary path (\`winlog.event_data.ImagePath\`, \`ServiceFileName\` or \`registry.data.strings\`): a command line is often the whole payload (decode \`-enc\` base64 as UTF-16LE); \`__output\` / \`execute.bat\` is Impacket or NetExec smbexec; \`echo … > \\\\.\\pipe\\…\` is Meterpreter getsystem (local privilege escalation, not lateral movement).
2. Find the source: the 4624 logon type 3 and the 5145 \`svcctl\` / ADMIN$ access just before the install on this host carry \`source.ip\` and the account (see network-logon-then-service-install, svcctl-pipe-then-service-install).
3. Did it run? 7036 (running), 7009/7000 (timed out: typical for command-line payloads), and the process started by services.exe.
4. Hunt the same service name or path pattern on other hosts from the same source.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "remote PsExec (7045 + 4697 + Sysmon 13: PSEXESVC.exe in C:\\Windows)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 3, expectEntity: "FS01" },
    { name: "Cobalt Strike psexec_psh (7045 + 4697 %COMSPEC% powershell)", fixture: "fixtures/attack-cobaltstrike-psexec-psh.ndjson", expectAlerts: 2, expectEntity: "fin-ws12" },
    { name: "Cobalt Strike psexec (7045 \\\\host\\ADMIN$\\<x>.exe)", fixture: "fixtures/attack-cobaltstrike-psexec-exe.ndjson", expectAlerts: 1, expectEntity: "FIN-WS13" },
    { name: "Elastic Defend registry ImagePath (PSEXESVC)", fixture: "fixtures/attack-psexec-defend.ndjson", expectAlerts: 1, expectEntity: "app02" },
    { name: "vendor service installs and everyday activity stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sec: 2, sysmon: 1 }, "metasploit-psexec-psh": { sec: 2, sysmon: 1 }, "impacket-smbexec": { sec: 10, sysmon: 5 }, "netexec-smbexec": { sec: 2, sysmon: 1 }, "impacket-psexec": { sec: 2, sysmon: 1 }, "empire-invoke-psexec": { sec: 2, sysmon: 1 }, "invoke-smbexec": { sec: 2, sysmon: 1 }, "covenant-sharpsc": { sec: 2, sysmon: 1 }, "cobaltstrike-psexec64": { sec: 2, sysmon: 1, defend: 1 }, "cobaltstrike-psexec-psh": { sec: 2, sysmon: 1 }, "sliver-psexec": { sec: 2, sysmon: 1 }, "sliver-psexec-renamed": { sec: 2, sysmon: 1 }, paexec: { sec: 2, sysmon: 1 }, tchopper: { sec: 12, sysmon: 6, defend: 6 }, "meterpreter-getsystem": { sec: 2, sysmon: 1 }, csexec: { sec: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(2),
  ],
});
