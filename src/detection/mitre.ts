/**
 * Lookups over the ATT&CK catalogue: technique and tactic ids (or tactic names
 * and short names, as Kibana threat entries and Sigma tags spell them) ->
 * resolved values with names and reference URLs.
 */
import type { MitreTactic, MitreTechnique } from "./model.ts";
import { MITRE_RETIRED_TECHNIQUES, MITRE_TACTIC_ENTRIES, MITRE_TECHNIQUES, type MitreTacticId, type MitreTechniqueId } from "./mitre-catalogue.ts";

const ATTACK = "https://attack.mitre.org";

function techniqueReference(id: string): string {
  return `${ATTACK}/techniques/${id.replace(".", "/")}/`;
}

function isCatalogued(id: string): id is MitreTechniqueId {
  return Object.hasOwn(MITRE_TECHNIQUES, id);
}

export function isMitreTacticId(id: string): id is MitreTacticId {
  return Object.hasOwn(MITRE_TACTIC_ENTRIES, id);
}

function tacticOf(id: MitreTacticId): MitreTactic {
  return { id, name: MITRE_TACTIC_ENTRIES[id].name, reference: `${ATTACK}/tactics/${id}/` };
}

/**
 * A tactic from its id ("TA0005"), name ("Defense Evasion") or short name
 * ("defense-evasion", "defense_evasion"), case-insensitive. Undefined when ATT&CK has none.
 */
export function resolveMitreTactic(text: string): MitreTactic | undefined {
  const key = text.trim().toLowerCase().replace(/[\s_]+/g, "-");
  for (const [id, entry] of Object.entries(MITRE_TACTIC_ENTRIES)) {
    if (id.toLowerCase() === key || entry.shortName === key || entry.name.toLowerCase().replace(/\s+/g, "-") === key) return tacticOf(id as MitreTacticId);
  }
  return undefined;
}

/**
 * Resolves an active technique id: name, reference URL, parent (for
 * sub-techniques) and its catalogue tactics, or `tactics` when given (a
 * mapping under other tactics; see checkMitreTactics). Undefined for an
 * unknown, revoked or deprecated id (lookupMitreTechnique says which).
 */
export function resolveMitreTechnique(id: string, tactics?: readonly string[]): MitreTechnique | undefined {
  if (!isCatalogued(id)) return undefined;
  const entry = MITRE_TECHNIQUES[id];
  const parentId = id.includes(".") ? id.slice(0, id.indexOf(".")) : undefined;
  const parent = parentId !== undefined && isCatalogued(parentId) ? MITRE_TECHNIQUES[parentId] : undefined;
  const tacticIds = (tactics ?? entry.tactics).filter(isMitreTacticId);
  return {
    id,
    name: entry.name,
    reference: techniqueReference(id),
    ...(parentId !== undefined && parent ? { parent: { id: parentId, name: parent.name, reference: techniqueReference(parentId) } } : {}),
    tactics: tacticIds.map(tacticOf),
  };
}

/** What the catalogue says about an id: active (resolved), revoked, deprecated, or unknown. */
export type MitreLookup =
  | { readonly kind: "active"; readonly technique: MitreTechnique; readonly platforms: readonly string[] }
  | { readonly kind: "revoked" | "deprecated"; readonly id: string; readonly name: string }
  | { readonly kind: "unknown"; readonly id: string; readonly suggestions: readonly string[] };

export function lookupMitreTechnique(id: string): MitreLookup {
  const technique = resolveMitreTechnique(id);
  if (technique) return { kind: "active", technique, platforms: MITRE_TECHNIQUES[id as MitreTechniqueId].platforms };
  if (Object.hasOwn(MITRE_RETIRED_TECHNIQUES, id)) {
    const retired = MITRE_RETIRED_TECHNIQUES[id as keyof typeof MITRE_RETIRED_TECHNIQUES];
    return { kind: retired.status, id, name: retired.name };
  }
  return { kind: "unknown", id, suggestions: suggestMitreTechniques(id) };
}

/** The catalogue tactics of an active technique ([] when it is not active). */
export function catalogueTacticsOf(id: string): readonly MitreTacticId[] {
  return isCatalogued(id) ? MITRE_TECHNIQUES[id].tactics : [];
}

/** Tactic ids in `tactics` that the technique does not belong to in the catalogue. */
export function foreignTactics(techniqueId: string, tactics: readonly string[]): string[] {
  const own = catalogueTacticsOf(techniqueId) as readonly string[];
  return tactics.filter((t) => !own.includes(t));
}

/** Catalogue ids closest to `id` (same parent first), for "did you mean" notes. */
export function suggestMitreTechniques(id: string): string[] {
  const parent = id.split(".")[0] ?? id;
  return Object.keys(MITRE_TECHNIQUES).filter((known) => known.startsWith(parent)).slice(0, 5);
}
