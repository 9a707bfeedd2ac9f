/**
 * Kibana / detection-rules `threat` -> the module's `mitre` list, so that
 * compileKibanaThreat gives the same tactic -> technique -> sub-technique
 * tree back: a technique under exactly its catalogue tactics is written as its
 * id, under other tactics as `{ technique, tactics }`, a tactic with no
 * technique as the tactic id. Ids ATT&CK revoked, deprecated or never had are
 * left out with a note, because a module mapped to them would not validate.
 */
import { catalogueTacticsOf, lookupMitreTechnique, resolveMitreTactic } from "../../detection/index.ts";
import { isJsonObject, type Json, type JsonObject } from "../json.ts";

export interface ThreatMapping {
  readonly mitre: Json[];
  /** One sentence per id left out (revoked, deprecated, unknown). */
  readonly dropped: string[];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function translateThreat(threat: Json | undefined): ThreatMapping {
  const tacticsByTechnique = new Map<string, string[]>();
  const tacticOnly: string[] = [];
  const dropped = new Set<string>();
  const entries = (Array.isArray(threat) ? threat : []).filter(isJsonObject);
  for (const entry of entries) {
    if (entry.framework !== undefined && entry.framework !== "MITRE ATT&CK") {
      dropped.add(`a ${String(entry.framework)} mapping (only MITRE ATT&CK is kept)`);
      continue;
    }
    const tacticText = isJsonObject(entry.tactic) ? String(entry.tactic.id ?? entry.tactic.name ?? "") : "";
    const tactic = resolveMitreTactic(tacticText);
    if (!tactic) {
      dropped.add(`tactic "${tacticText}" (not an ATT&CK Enterprise tactic)`);
      continue;
    }
    const ids = techniqueIds(Array.isArray(entry.technique) ? entry.technique.filter(isJsonObject) : []);
    if (ids.length === 0 && !tacticOnly.includes(tactic.id)) tacticOnly.push(tactic.id);
    for (const id of ids) {
      const lookup = lookupMitreTechnique(id);
      if (lookup.kind !== "active") {
        dropped.add(`${id}${lookup.kind === "unknown" ? " (not in ATT&CK)" : ` (${lookup.name}, ${lookup.kind} in ATT&CK)`}: map its replacement`);
        continue;
      }
      const tactics = tacticsByTechnique.get(id) ?? [];
      if (!tactics.includes(tactic.id)) tactics.push(tactic.id);
      tacticsByTechnique.set(id, tactics);
    }
  }
  const mitre: Json[] = [];
  for (const [technique, tactics] of tacticsByTechnique) {
    mitre.push(sameList(tactics, catalogueTacticsOf(technique)) ? technique : { technique, tactics } satisfies JsonObject);
  }
  // A tactic that also has techniques is already in the tree; only bare ones need their own entry.
  const covered = new Set([...tacticsByTechnique.values()].flat());
  for (const tactic of tacticOnly) if (!covered.has(tactic)) mitre.push(tactic);
  return { mitre, dropped: [...dropped] };
}

/** Technique ids of one tactic entry: a technique's sub-techniques stand for it when it lists any. */
function techniqueIds(techniques: readonly JsonObject[]): string[] {
  const ids: string[] = [];
  for (const technique of techniques) {
    const subs = (Array.isArray(technique.subtechnique) ? technique.subtechnique : []).filter(isJsonObject);
    if (subs.length === 0 && typeof technique.id === "string") ids.push(technique.id);
    for (const sub of subs) if (typeof sub.id === "string") ids.push(sub.id);
  }
  return ids;
}
