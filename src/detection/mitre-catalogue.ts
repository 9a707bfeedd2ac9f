/**
 * The MITRE ATT&CK Enterprise catalogue that detections map to: every technique
 * and sub-technique of the release in mitre-catalogue.generated.ts (regenerate
 * with scripts/generate-mitre-catalogue.ts), plus a name-only view of the tactics.
 * An unknown id is a `detection/unknown-mitre` error and a revoked or deprecated
 * one `detection/retired-mitre`, because either would put a mapping in Kibana
 * that ATT&CK no longer has.
 */
import { MITRE_TACTIC_ENTRIES, type MitreTacticId } from "./mitre-catalogue.generated.ts";

export {
  ATTACK_SOURCE,
  ATTACK_VERSION,
  MITRE_RETIRED_TECHNIQUES,
  MITRE_TACTIC_ENTRIES,
  MITRE_TECHNIQUES,
  type MitreTacticId,
  type MitreTechniqueId,
} from "./mitre-catalogue.generated.ts";

/** Tactic id -> name ("TA0008" -> "Lateral Movement"). */
export const MITRE_TACTICS = Object.fromEntries(Object.entries(MITRE_TACTIC_ENTRIES).map(([id, t]) => [id, t.name])) as {
  readonly [K in MitreTacticId]: (typeof MITRE_TACTIC_ENTRIES)[K]["name"];
};
