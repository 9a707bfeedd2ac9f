import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: System 7045, Security 4697 and Sysmon 13 (ImagePath written by services.exe), counted per
// host and per source (event.code), so a host that logs an install in three places does not count it
// three times. Elastic Defend registry events carry no event.code and are not counted here.
// Catches: one service per command (Impacket / NetExec / CrackMapExec smbexec, Empire Invoke-SMBExec)
// and payloads smuggled through many short-lived services' names or ImagePaths (Tchopper).
export const serviceInstallBurst = defineDetection({
  id: "service-install-burst",
  name: "Burst of Service Installs on One Host",
  description: "Five or more services (not drivers, not svchost groups, not under Program Files) were installed on one host within two minutes. Tools that run one service per command (Impacket/NetExec/CrackMapExec smbexec, Empire Invoke-SMBExec) or that smuggle a payload through many short-lived services' names or ImagePaths (Tchopper) create and delete services in bursts; installers put their services under Program Files. Reads System 7045, Security 4697 and Sysmon 13.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1569.002", "T1543.003"],
  tags: ["psexec", "technique", "sequence", "service-install", "windows"],
  dataSources: ["windows-system", "windows-security", "sysmon"],
  query: String.raw`sequence by host.name, event.code with maxspan=2m
  [any where
     (event.code == "7045" and winlog.channel == "System" and
        not winlog.event_data.ServiceType : ("kernel mode driver", "file system driver") and
        not winlog.event_data.ImagePath : ("""?:\Program Files*""", """"?:\Program Files*""", """*\svchost.exe -k *""")) or
     (event.code == "4697" and winlog.channel == "Security" and
        not winlog.event_data.ServiceType in ("0x1", "0x2") and
        not winlog.event_data.ServiceFileName : ("""?:\Program Files*""", """"?:\Program Files*""", """*\svchost.exe -k *""")) or
     (event.code == "13" and registry.path : """HKLM\SYSTEM\*ControlSet*\Services\*\ImagePath""" and process.name : "services.exe" and
        not registry.data.strings : ("""?:\Program Files*""", """"?:\Program Files*""", """*\svchost.exe -k *""", """\SystemRoot\*.sys""", """System32\drivers\*""", """\??\*"""))] with runs=5`,
  entityField: "host.name",
  falsePositives: ["Deployment scripts that register several helper services outside Program Files in one go: add an exception on their ImagePath."],
  references: ["https://github.com/fortra/impacket/blob/master/examples/smbexec.py", "https://github.com/lawrenceamer/TChopper", "https://attack.mitre.org/techniques/T1569/002/"],
  guide: `## Triage
1. List the services installed on the host in the window: random names with \`%COMSPEC% /Q /c echo …\` ImagePaths are smbexec (one per command: the ImagePaths are the operator's commands); short random names whose display names look like base64 chunks are Tchopper (concatenate them in install order to get the payload).
2. Find the source of the SMB sessions (4624 type 3, 5145 svcctl) and the files the commands left (\\\\127.0.0.1\\C$\\__output, %TEMP%\\execute.bat).`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "single installs stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "impacket-smbexec": { sec: 2, sysmon: 1 }, tchopper: { sec: 4, sysmon: 2 }, "netexec-smbexec": { sec: 0 } }),
    ...benignSetTests(["sec", "sysmon"]),
    ...realTraceTests(0),
  ],
});
