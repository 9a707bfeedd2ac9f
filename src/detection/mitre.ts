import type { MitreTechnique } from "./model.ts";
import { MITRE_TACTICS, MITRE_TECHNIQUES, type MitreTacticId, type MitreTechniqueId } from "./mitre-catalogue.ts";

const ATTACK = "https://attack.mitre.org";

function techniqueReference(id: string): string {
  return `${ATTACK}/techniques/${id.replace(".", "/")}/`;
}

function isCatalogued(id: string): id is MitreTechniqueId {
  return Object.hasOwn(MITRE_TECHNIQUES, id);
}

/**
 * Resolves a technique id against the built-in catalogue: name, reference URL,
 * parent (for sub-techniques) and tactics. Undefined for an unknown id.
 */
export function resolveMitreTechnique(id: string): MitreTechnique | undefined {
  if (!isCatalogued(id)) return undefined;
  const entry = MITRE_TECHNIQUES[id];
  const parentId = id.includes(".") ? id.slice(0, id.indexOf(".")) : undefined;
  const parent = parentId !== undefined && isCatalogued(parentId) ? MITRE_TECHNIQUES[parentId] : undefined;
  const tactics = (entry.tactics as readonly MitreTacticId[]).map((tacticId) => ({
    id: tacticId,
    name: MITRE_TACTICS[tacticId],
    reference: `${ATTACK}/tactics/${tacticId}/`,
  }));
  return {
    id,
    name: entry.name,
    reference: techniqueReference(id),
    ...(parentId !== undefined && parent ? { parent: { id: parentId, name: parent.name, reference: techniqueReference(parentId) } } : {}),
    tactics,
  };
}

/** Catalogue ids closest to `id` (same parent first), for "did you mean" notes. */
export function suggestMitreTechniques(id: string): string[] {
  const parent = id.split(".")[0] ?? id;
  return Object.keys(MITRE_TECHNIQUES).filter((known) => known.startsWith(parent)).slice(0, 5);
}
