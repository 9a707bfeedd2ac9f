import type { MitreTechnique, ResolvedDetection } from "../../../src/detection/model.ts";

/** A PsExec-style technique with its parent and tactic, as the MITRE catalogue resolves it. */
export const SERVICE_EXECUTION: MitreTechnique = {
  id: "T1569.002",
  name: "Service Execution",
  reference: "https://attack.mitre.org/techniques/T1569/002/",
  parent: { id: "T1569", name: "System Services", reference: "https://attack.mitre.org/techniques/T1569/" },
  tactics: [{ id: "TA0002", name: "Execution", reference: "https://attack.mitre.org/tactics/TA0002/" }],
};

export const REMOTE_SERVICES_SMB: MitreTechnique = {
  id: "T1021.002",
  name: "SMB/Windows Admin Shares",
  reference: "https://attack.mitre.org/techniques/T1021/002/",
  parent: { id: "T1021", name: "Remote Services", reference: "https://attack.mitre.org/techniques/T1021/" },
  tactics: [{ id: "TA0008", name: "Lateral Movement", reference: "https://attack.mitre.org/tactics/TA0008/" }],
};

/** A complete resolved detection; tests override what they exercise. */
export function makeDetection(overrides: Partial<ResolvedDetection> = {}): ResolvedDetection {
  return {
    id: "psexec-service-install",
    name: "PsExec service installed",
    description: "The PSEXESVC service was installed on a host.",
    severity: "high",
    riskScore: 73,
    mitre: [SERVICE_EXECUTION, REMOTE_SERVICES_SMB],
    tags: ["PsExec", "Windows"],
    dataSources: ["windows-system"],
    indices: ["logs-system.system-*", "winlogbeat-*"],
    query: '  any where event.code == "7045" and service.name : "PSEXESVC*"  ',
    timestampField: "@timestamp",
    eventCategoryField: "event.category",
    schedule: { interval: "5m", lookback: "1m" },
    enabled: true,
    entityField: "host.name",
    maxSignals: 100,
    falsePositives: ["Administrators using PsExec"],
    references: ["https://learn.microsoft.com/sysinternals/downloads/psexec"],
    guide: "## Triage\nCheck who ran PsExec.",
    author: ["dac"],
    license: "Apache-2.0",
    version: 1,
    exceptionNames: ["it-admin-hosts"],
    tests: [],
    source: { file: "detections/psexec/service-install.ts" },
    exceptions: [
      {
        name: "it-admin-hosts",
        description: "IT admin jump hosts run PsExec by design.",
        entries: [{ kind: "any-of", field: "host.name", values: ["JUMP01", "JUMP02"] }],
      },
    ],
    ...overrides,
  };
}
