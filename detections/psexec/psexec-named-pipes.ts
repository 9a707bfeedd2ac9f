import { defineDetection } from "../../src/detection/index.ts";
import { AUTHOR, benignSetTests, realTraceTests, toolFamilyTests } from "./real-traces.ts";

// Reads: Sysmon 17/18 (pipe created / connected); Elastic Agent and Winlogbeat map PipeName to file.name.
// Catches: Sysinternals PsExec (also renamed with -r), RemCom and Impacket psexec.py, PAExec, CSExec.
export const psexecNamedPipes = defineDetection({
  id: "psexec-named-pipes",
  name: "PsExec-Style Named Pipes",
  description: "The \\PSEXESVC control pipe, a <service>-<host>-<pid>-stdin pipe (PsExec's I/O pipes, which keep their shape when the service is renamed with -r), or a fork's pipes were created or connected: RemCom's RemCom_communicaton / RemCom_stdin<host><pid> (also Impacket psexec.py, which uploads RemCom under a random name), PAExec's PAExec-<pid>-<host> / PAExecIn… and CSExec's csexecsvc. Reads Sysmon 17/18.",
  severity: "medium",
  riskScore: 47,
  mitre: ["T1569.002", "T1021.002"],
  tags: ["psexec", "named-pipe", "variant", "windows"],
  dataSources: ["sysmon"],
  query: String.raw`any where winlog.channel == "Microsoft-Windows-Sysmon/Operational" and event.code in ("17", "18") and
  file.name : ("""\PSEXESVC""", """\*-stdin""", """\RemCom_communicaton""", """\RemCom_stdin*""", """\PAExec*""", """\csexecsvc*""")`,
  entityField: "host.name",
  falsePositives: ["Other software whose pipe names end in -stdin (rare; add a wildcard exception on file.name)."],
  references: ["https://learn.microsoft.com/en-us/sysinternals/downloads/sysmon"],
  guide: `## Triage
1. The pipe name carries the client: \`\\<service>-<client host>-<client pid>-stdin\` names the machine PsExec ran from.
2. A service name other than PSEXESVC means \`psexec -r\`: look for renamed-psexesvc on the same host.`,
  author: AUTHOR,
  version: 1,
  tests: [
    { name: "PSEXESVC and stdin pipes (created + connected)", fixture: "fixtures/attack-psexec-remote.ndjson", expectAlerts: 4, expectEntity: "FS01" },
    { name: "renamed service keeps the -stdin pipe shape", fixture: "fixtures/attack-renamed-psexesvc.ndjson", expectAlerts: 2, expectEntity: "DB03" },
    { name: "RemCom control pipe", fixture: "fixtures/attack-remcom.ndjson", expectAlerts: 2, expectEntity: "HR-WS07" },
    { name: "everyday pipes stay silent", fixture: "fixtures/benign-service-activity.ndjson", expectAlerts: 0 },
    ...toolFamilyTests({ "impacket-psexec": { sysmon: 4 }, paexec: { sysmon: 8 }, csexec: { sysmon: 2 }, "cobaltstrike-psexec64": { sysmon: 0 } }),
    ...benignSetTests(["sysmon"]),
    ...realTraceTests(4),
  ],
});
