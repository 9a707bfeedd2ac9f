/**
 * The Plan: what sync intends to do to one target, as plain readonly JSON.
 * planChanges builds it, applyPlan carries it out, render/* prints it; this
 * value is all they share (it can be saved with `dac plan --out` and applied
 * later by `dac deploy --plan`).
 */
import type { Json, JsonObject, TargetKind } from "./target.ts";

export const PLAN_FORMAT_VERSION = 1;

export type ChangeKind = "create" | "update" | "delete" | "noop";

/** One changed leaf of a body. `path` is `rule.query` / `inputs[0].search.indices[1]`. */
export interface FieldChange {
  readonly path: string;
  readonly op: "add" | "remove" | "change";
  readonly before?: Json;
  readonly after?: Json;
}

export interface Change {
  readonly kind: ChangeKind;
  /** Detection id. */
  readonly id: string;
  readonly name: string;
  /** The live body (update, delete). Omitted for noop to keep saved plans small. */
  readonly before?: JsonObject;
  /** The desired body (create, update). */
  readonly after?: JsonObject;
  /** update only: the changed leaves, live -> desired. */
  readonly fieldChanges?: readonly FieldChange[];
  /** The live object was changed outside dac since dac last wrote it. */
  readonly drift: boolean;
  /**
   * delete only. true: this plan deletes it (`--prune`, or a duplicate left by
   * racing creates). false: listed as "would delete (use --prune)" and never
   * applied; counted in `summary.orphaned`, not in `summary.delete`.
   */
  readonly pruned?: boolean;
  /**
   * Which remote object an update or delete is about (identity.ts: the live
   * remoteId, or its canonical handle). Apply uses it to pick the right object
   * when duplicates share one detection id.
   */
  readonly remoteId?: string;
  readonly desiredHash?: string;
  readonly liveHash?: string;
  /** For people only: apply never reads it (its wording may change freely). */
  readonly reason: string;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  /** Deletes this plan applies. */
  readonly delete: number;
  /** Managed objects with no detection in code, left alone because prune is off. */
  readonly orphaned: number;
  readonly noop: number;
  /** Changes whose live object was edited outside dac. */
  readonly drift: number;
  /** Objects without dac's marker: never touched, only counted. */
  readonly unmanaged: number;
  /** Objects another dac project manages: never touched, only counted. Absent in plans saved before projects. */
  readonly otherProjects?: number;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly target: { readonly kind: TargetKind; readonly location: string };
  /** fingerprintLiveState of the live state read; apply refuses the plan if it no longer matches. */
  readonly liveFingerprint: string;
  readonly prune: boolean;
  readonly changes: readonly Change[];
  readonly summary: PlanSummary;
}

/** True when applying the plan would change something (creates, updates or pruning deletes). */
export function planHasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.delete > 0;
}

/** The changes apply carries out: everything but noops and deletes kept for want of --prune. */
export function selectApplicableChanges(plan: Plan): readonly Change[] {
  return plan.changes.filter((c) => c.kind === "create" || c.kind === "update" || (c.kind === "delete" && c.pruned === true));
}
