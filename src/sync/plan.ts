import { diffFields } from "./field-diff.ts";
import { fingerprintLiveState } from "./fingerprint.ts";
import { hashBody } from "./hash.ts";
import { compareLiveIdentity, identifyLive, orderDuplicates } from "./identity.ts";
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanSummary } from "./plan-model.ts";
import type { DesiredResource, JsonObject, LiveResource, LiveState, TargetKind } from "./target.ts";

export interface PlanOptions {
  /** Delete managed objects that have no detection in code. Off: they are only listed. */
  readonly prune: boolean;
  /** Which target the plan is for (shown by renderers, checked by apply). */
  readonly target?: { readonly kind: TargetKind; readonly location: string };
  /** The scheme live `appliedHash` values are in (TargetAdapter.hashContent); default hashBody. */
  readonly hashContent?: (body: JsonObject) => string;
}

/**
 * Compares what the code wants with what the target holds and returns the Plan.
 * Pure and synchronous: reading the live state is live.ts's job.
 *
 * - same content hash -> noop;
 * - different -> update, flagged `drift` when the live body no longer hashes to
 *   the `appliedHash` dac stored at its last write (someone edited it by hand);
 * - live only -> delete, applied only with `prune`;
 * - several live objects for one id (two deploys raced to create it, or a
 *   create was retried after its response was lost) -> keep one (identity.ts
 *   orderDuplicates), delete the rest whatever `prune` says: they are dac's own
 *   leftovers, not the user's.
 */
export function planChanges(desired: readonly DesiredResource[], live: LiveState, options: PlanOptions): Plan {
  const liveById = groupLiveById(live.managed);
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const d of desired) {
    // Duplicate ids are rejected by the detection loader with a located diagnostic;
    // reaching here with one means a caller skipped validation.
    if (seen.has(d.id)) throw new Error(`planChanges: duplicate desired id ${d.id}`);
    seen.add(d.id);
    const [keeper, ...extras] = orderDuplicates(liveById.get(d.id) ?? [], hashBody(d.body));
    changes.push(keeper ? planExisting(d, keeper, options.hashContent ?? hashBody) : planCreate(d));
    for (const extra of extras) changes.push(planDuplicateDelete(extra, keeper));
  }
  for (const [id, group] of liveById) {
    if (seen.has(id)) continue;
    const [keeper, ...extras] = group;
    if (keeper) changes.push(planOrphan(keeper, options.prune));
    for (const extra of extras) changes.push(planDuplicateDelete(extra, keeper));
  }
  changes.sort(compareChanges);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    target: options.target ?? { kind: "opensearch", location: "(unknown)" },
    liveFingerprint: fingerprintLiveState(live),
    prune: options.prune,
    changes,
    summary: summarizeChanges(changes, live.unmanagedCount, live.otherProjectsCount ?? 0),
  };
}

/** Live objects by detection id, each group ordered so the survivor comes first. */
function groupLiveById(managed: readonly LiveResource[]): Map<string, LiveResource[]> {
  const groups = new Map<string, LiveResource[]>();
  for (const r of managed) {
    const group = groups.get(r.id);
    if (group) group.push(r);
    else groups.set(r.id, [r]);
  }
  for (const group of groups.values()) group.sort(compareLiveIdentity);
  return groups;
}

function planCreate(d: DesiredResource): Change {
  return { kind: "create", id: d.id, name: d.name, after: d.body, drift: false, desiredHash: hashBody(d.body), reason: "new in code" };
}

function planExisting(d: DesiredResource, l: LiveResource, hashContent: (body: JsonObject) => string): Change {
  const desiredHash = hashBody(d.body);
  const liveHash = hashBody(l.body);
  const remote = { remoteId: identifyLive(l) };
  if (desiredHash === liveHash) {
    return { kind: "noop", id: d.id, name: d.name, drift: false, desiredHash, liveHash, ...remote, reason: "matches the code" };
  }
  const drift = l.appliedHash !== undefined && l.appliedHash !== hashContent(l.body);
  const codeChanged = l.appliedHash === undefined || l.appliedHash !== hashContent(d.body);
  return {
    kind: "update",
    id: d.id,
    name: d.name,
    before: l.body,
    after: d.body,
    fieldChanges: diffFields(l.body, d.body),
    drift,
    desiredHash,
    liveHash,
    ...remote,
    reason: describeUpdate(drift, codeChanged, l.appliedHash !== undefined),
  };
}

function describeUpdate(drift: boolean, codeChanged: boolean, hasRecord: boolean): string {
  if (drift && !codeChanged) return "drift: changed outside dac; deploy restores the code's version";
  if (drift) return "code changed, and the live object was also changed outside dac";
  if (!hasRecord) return "differs from the code (no record of dac's last write)";
  return "code changed";
}

function planOrphan(l: LiveResource, prune: boolean): Change {
  return {
    kind: "delete",
    id: l.id,
    name: l.name,
    before: l.body,
    drift: false,
    pruned: prune,
    liveHash: hashBody(l.body),
    remoteId: identifyLive(l),
    reason: prune ? "no longer in code" : "would delete (use --prune): no longer in code",
  };
}

function planDuplicateDelete(extra: LiveResource, keeper: LiveResource | undefined): Change {
  return {
    kind: "delete",
    id: extra.id,
    name: extra.name,
    before: extra.body,
    drift: false,
    pruned: true,
    liveHash: hashBody(extra.body),
    remoteId: identifyLive(extra),
    reason: `duplicate of ${keeper ? identifyLive(keeper) : "another object"} with the same detection id (left by an interrupted or concurrent create)`,
  };
}

const KIND_RANK: Record<Change["kind"], number> = { create: 0, update: 1, delete: 2, noop: 3 };

/** Fixed order: by id, then kind, then remote id; so equal inputs give byte-equal plans. */
function compareChanges(a: Change, b: Change): number {
  return compareText(a.id, b.id) || KIND_RANK[a.kind] - KIND_RANK[b.kind] || compareText(a.remoteId ?? "", b.remoteId ?? "");
}

// Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarizeChanges(changes: readonly Change[], unmanaged: number, otherProjects: number): PlanSummary {
  const count = (pred: (c: Change) => boolean): number => changes.filter(pred).length;
  return {
    create: count((c) => c.kind === "create"),
    update: count((c) => c.kind === "update"),
    delete: count((c) => c.kind === "delete" && c.pruned === true),
    orphaned: count((c) => c.kind === "delete" && c.pruned !== true),
    noop: count((c) => c.kind === "noop"),
    drift: count((c) => c.drift),
    unmanaged,
    // Only when there are some: plans and their goldens stay as they were on a single-project target.
    ...(otherProjects > 0 ? { otherProjects } : {}),
  };
}
