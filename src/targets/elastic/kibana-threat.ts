import type { MitreTactic, MitreTechnique } from "../../detection/index.ts";
import type { KibanaThreat, KibanaThreatTechnique } from "./kibana-types.ts";

/**
 * Kibana's `threat` array from resolved MITRE techniques: one entry per tactic
 * (Kibana's schema has exactly one tactic per entry), techniques under it, and
 * sub-techniques nested under their parent technique. Order follows first
 * appearance so the body is stable for a given detection. Tactic-only
 * mappings come last, as entries with no technique.
 */
export function compileKibanaThreat(techniques: readonly MitreTechnique[], tacticsOnly: readonly MitreTactic[] = []): KibanaThreat[] {
  const byTactic = new Map<string, KibanaThreat>();
  for (const technique of techniques) {
    for (const tactic of technique.tactics) {
      let entry = byTactic.get(tactic.id);
      if (!entry) {
        entry = { framework: "MITRE ATT&CK", tactic: { id: tactic.id, name: tactic.name, reference: tactic.reference }, technique: [] };
        byTactic.set(tactic.id, entry);
      }
      addTechnique((entry.technique ??= []), technique);
    }
  }
  for (const tactic of tacticsOnly) {
    if (!byTactic.has(tactic.id)) byTactic.set(tactic.id, { framework: "MITRE ATT&CK", tactic: { id: tactic.id, name: tactic.name, reference: tactic.reference } });
  }
  return [...byTactic.values()];
}

function addTechnique(list: KibanaThreatTechnique[], technique: MitreTechnique): void {
  const top = technique.parent ?? technique;
  let entry = list.find((t) => t.id === top.id);
  if (!entry) {
    entry = { id: top.id, name: top.name, reference: top.reference };
    list.push(entry);
  }
  if (technique.parent) {
    const subs = (entry.subtechnique ??= []);
    if (!subs.some((s) => s.id === technique.id)) subs.push({ id: technique.id, name: technique.name, reference: technique.reference });
  }
}
