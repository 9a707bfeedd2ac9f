import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: System 7045 / Security 4697 (service name and binary path) and process starts by services.exe
// (Sysmon 1, Security 4688, Elastic Defend; Sysmon and Defend add the PE original file name).
// Catches: the PsExec forks and clones that keep their own service names: PAExec (PAExec-<pid>-<host>),
// RemCom (RemComSvc; Impacket psexec uploads RemCom under a random name, see psexec-named-pipes),
// CSExec (csexecsvc), xCmd (xCmdSvc) and Sliver's psexec with its default service name (Sliver).
export const psexecForkService = defineDetection({
  id: "psexec-fork-service",
  name: "PsExec Fork Service Installed or Started (PAExec, RemCom, CSExec, Sliver)",
  description: "A service of a PsExec fork or clone was installed, or its binary was started by services.exe: PAExec (PAExec-<pid>-<host>.exe), RemCom (RemComSvc), CSExec (csexecsvc), xCmd (xCmdSvc), or Sliver's psexec under its default service name. These tools copy their service binary through ADMIN$ and run it through the SCM exactly like PsExec. Reads System 7045, Security 4697, Sysmon 1, Security 4688 and Elastic Defend process events.",
  severity: "high",
  riskScore: 73,
  mitre: ["T1569.002", "T1543.003", "T1021.002"],
  tags: ["psexec", "variant", "windows"],
  dataSources: ["windows-system", "windows-security", "sysmon", "elastic-defend"],
  query: String.raw`any where
  (event.code == "7045" and winlog.channel == "System" and
     (winlog.event_data.ServiceName : ("PAExec-*", "RemComSvc", "csexecsvc", "xCmdSvc", "Sliver") or
      winlog.event_data.ImagePath : ("""*\PAExec-*.exe*""", """*\RemComSvc.exe*""", """*\csexecsvc.exe*""", """*\xCmdSvc.exe*"""))) or
  (event.code == "4697" and winlog.channel == "Security" and
     (winlog.event_data.ServiceName : ("PAExec-*", "RemComSvc", "csexecsvc", "xCmdSvc", "Sliver") or
      winlog.event_data.ServiceFileName : ("""*\PAExec-*.exe*""", """*\RemComSvc.exe*""", """*\csexecsvc.exe*""", """*\xCmdSvc.exe*"""))) or
  (event.category == "process" and event.type == "start" and process.parent.name : "services.exe" and
     (process.name : ("PAExec-*.exe", "RemComSvc.exe", "csexecsvc.exe", "xCmdSvc.exe") or
      process.pe.original_file_name : ("PAExec.exe", "RemComSvc.exe", "csexecsvc.exe", "xCmdSvc.exe")))`,
  entityField: "host.name",
  falsePositives: ["Administrators and deployment tools that use PAExec (it is freeware used by some RMM and software-distribution products): confirm the source of the session."],
  references: ["https://www.poweradmin.com/paexec/", "https://github.com/kavika13/RemCom", "https://github.com/malcomvetter/CSExec", "https://github.com/BishopFox/sliver"],
  guide: `## Triage
1. PAExec names its service after the client: \`PAExec-<client pid>-<client host>\` says where it ran from.
2. Find the source: 4624 type 3 / 5145 on this host just before the install.
3. Look at what the service started (children of the fork's binary) and treat it as a PsExec session.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "RemCom fork (7045, 4697, 4688 and Sysmon 1 of RemComSvc.exe)", fixture: "fixtures/attack-remcom.ndjson", expectAlerts: 4, expectEntity: "HR-WS07" },
    { name: "PsExec itself and vendor services stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    { name: "PSEXESVC is not a fork", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "impacket-psexec": { sec: 0, sysmon: 1 }, "sliver-psexec": { sec: 2, sysmon: 0 }, paexec: { sec: 3, sysmon: 1, defend: 1 }, csexec: { sec: 3, sysmon: 1, defend: 1 }, "sliver-psexec-renamed": { sec: 0 } }),
    ...benignSetTests(["sec", "sysmon", "defend"]),
    ...realTraceTests(0),
  ],
});
