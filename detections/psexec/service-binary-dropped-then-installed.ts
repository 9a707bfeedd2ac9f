import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: file creation from Sysmon 11 or Elastic Defend, then service installs from Security 4697,
// System 7045, Sysmon 13 or Defend registry (ImagePath set by services.exe). Files written over SMB
// are created by the System process (pid 4), which is how Sliver's C:\Windows\Temp upload is told from installers.
export const serviceBinaryDroppedThenInstalled = defineDetection({
  id: "service-binary-dropped-then-installed",
  name: "Service Installed for a Binary Dropped in C:\\Windows Under a Minute Ago",
  description: "An .exe appeared directly under C:\\Windows\\ (or was written over SMB, by the System process, into C:\\Windows\\Temp\\) and a service was installed on the same host less than 60 seconds later. This is the PsExec technique itself (SCM install + a fresh binary), whether the file is PSEXESVC.exe, a -r rename, RemCom / Impacket psexec, PAExec, a Metasploit or Cobalt Strike service exe, Sliver's implant in C:\\Windows\\Temp or x9q4.exe. Reads Sysmon 11 / Elastic Defend file events, then System 7045, Security 4697, Sysmon 13 or Defend registry events.",
  severity: "high",
  riskScore: 85,
  mitre: ["T1569.002", "T1543.003", "T1570"],
  tags: ["psexec", "technique", "sequence", "windows"],
  dataSources: ["sysmon", "elastic-defend", "windows-security", "windows-system"],
  query: String.raw`sequence by host.name with maxspan=60s
  [file where event.type == "creation" and
     ((file.path : """?:\Windows\*.exe""" and not file.path : """?:\Windows\*\*""") or
      (file.path : """?:\Windows\Temp\*.exe""" and process.pid == 4))]
  [any where (event.code == "7045" and winlog.channel == "System") or
             (event.code == "4697" and winlog.channel == "Security") or
             (registry.path : """HKLM\SYSTEM\*ControlSet*\Services\*\ImagePath""" and process.name : "services.exe")]`,
  entityField: "host.name",
  falsePositives: ["Installers that put a service binary directly in C:\\Windows (uncommon; most use Program Files or System32)."],
  references: ["https://attack.mitre.org/techniques/T1569/002/", "https://attack.mitre.org/techniques/T1570/"],
  guide: `## Triage
1. The first event is the dropped file (\`file.path\`) and its writer (\`process.name\` System means it came over SMB).
2. The second is the install: compare the service's ImagePath with the file.
3. Hash the file; if it is not a known vendor binary, treat the host as compromised and look for the same file on other hosts.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "PsExec drops PSEXESVC.exe then installs it", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 1, expectEntity: "FS01" },
    { name: "Elastic Defend file + registry", fixture: "fixtures/attack-psexec-defend.ndjson", expectAlerts: 1, expectEntity: "app02" },
    { name: "renamed psexesvc", fixture: "fixtures/attack-renamed-psexesvc.ndjson", expectAlerts: 1, expectEntity: "DB03" },
    { name: "RemCom fork", fixture: "fixtures/attack-remcom.ndjson", expectAlerts: 1, expectEntity: "HR-WS07" },
    { name: "random service name, x9q4.exe", fixture: "fixtures/attack-random-service-name.ndjson", expectAlerts: 1, expectEntity: "ENG-WS22" },
    { name: "Cobalt Strike service exe", fixture: "fixtures/attack-cobaltstrike-psexec-exe.ndjson", expectAlerts: 1, expectEntity: "FIN-WS13" },
    { name: "file in a subfolder, or more than 60 s before an install, stays silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "metasploit-psexec": { sysmon: 1, defend: 1 }, "impacket-psexec": { sysmon: 1 }, "cobaltstrike-psexec64": { sysmon: 1 }, "sliver-psexec": { sysmon: 1, defend: 1 }, "sliver-psexec-renamed": { sysmon: 1 }, paexec: { sysmon: 1 }, "impacket-smbexec": { sysmon: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(1),
  ],
});
