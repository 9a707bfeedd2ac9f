import type { Change } from "./plan-model.ts";

/**
 * The phases apply runs one after the other; changes within a phase run
 * concurrently. Creates and updates come first and deletes last: a prune that
 * removes an old rule must never leave a window with neither the old nor its
 * replacement (a detection renamed to a new id is a create plus a delete), and
 * if the run dies half-way it should have lost coverage nowhere. Duplicate
 * deletes go with the other deletes for the same reason.
 */
export function orderApplyPhases(changes: readonly Change[]): readonly (readonly Change[])[] {
  const writes = changes.filter((c) => c.kind === "create" || c.kind === "update");
  const deletes = changes.filter((c) => c.kind === "delete" && c.pruned === true);
  return [writes, deletes].filter((phase) => phase.length > 0);
}
