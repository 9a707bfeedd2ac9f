/**
 * The built-in slice of MITRE ATT&CK (Enterprise, v17) that detections may map
 * to. Techniques carry their tactics; sub-techniques inherit their parent's
 * tactics unless ATT&CK lists them differently. Extend it when a detection needs
 * a technique that is not here: an unknown id is a `detection/unknown-mitre` error,
 * because a mistyped id would silently drop the mapping in Kibana.
 */

export const MITRE_TACTICS = {
  TA0002: "Execution",
  TA0003: "Persistence",
  TA0004: "Privilege Escalation",
  TA0005: "Defense Evasion",
  TA0006: "Credential Access",
  TA0008: "Lateral Movement",
} as const;

export type MitreTacticId = keyof typeof MITRE_TACTICS;

interface CatalogueTechnique {
  readonly name: string;
  readonly tactics: readonly MitreTacticId[];
}

export const MITRE_TECHNIQUES = {
  T1003: { name: "OS Credential Dumping", tactics: ["TA0006"] },
  "T1003.004": { name: "LSA Secrets", tactics: ["TA0006"] },
  T1021: { name: "Remote Services", tactics: ["TA0008"] },
  "T1021.002": { name: "SMB/Windows Admin Shares", tactics: ["TA0008"] },
  T1036: { name: "Masquerading", tactics: ["TA0005"] },
  "T1036.003": { name: "Rename Legitimate Utilities", tactics: ["TA0005"] },
  "T1036.005": { name: "Match Legitimate Resource Name or Location", tactics: ["TA0005"] },
  T1059: { name: "Command and Scripting Interpreter", tactics: ["TA0002"] },
  "T1059.001": { name: "PowerShell", tactics: ["TA0002"] },
  "T1059.003": { name: "Windows Command Shell", tactics: ["TA0002"] },
  T1218: { name: "System Binary Proxy Execution", tactics: ["TA0005"] },
  "T1218.011": { name: "Rundll32", tactics: ["TA0005"] },
  T1543: { name: "Create or Modify System Process", tactics: ["TA0003", "TA0004"] },
  "T1543.003": { name: "Windows Service", tactics: ["TA0003", "TA0004"] },
  T1569: { name: "System Services", tactics: ["TA0002"] },
  "T1569.002": { name: "Service Execution", tactics: ["TA0002"] },
  T1570: { name: "Lateral Tool Transfer", tactics: ["TA0008"] },
} as const satisfies Record<string, CatalogueTechnique>;

/** A technique id the catalogue knows: `mitre: ["T1596.002"]` fails `tsc`. */
export type MitreTechniqueId = keyof typeof MITRE_TECHNIQUES;
