import pLimit from "p-limit";
import { isTargetHttpError } from "./clients/http-errors.ts";
import { fingerprintLiveState } from "./fingerprint.ts";
import { compareLiveIdentity, identifyLive, orderDuplicates } from "./identity.ts";
import { readLiveState } from "./live.ts";
import { orderApplyPhases } from "./order.ts";
import { selectApplicableChanges, type Change, type Plan } from "./plan-model.ts";
import { retryWithBackoff, type RetryOptions } from "./retry.ts";
import type { LiveResource, LiveState, TargetAdapter } from "./target.ts";

/** Progress callbacks: apply never prints, the CLI decides what to show. */
export interface ApplyHooks {
  readonly onStart?: (change: Change) => void;
  readonly onRetry?: (change: Change, info: { attempt: number; error: unknown; delayMs: number }) => void;
  readonly onDone?: (result: ApplyResult) => void;
}

export interface ApplyOptions {
  /** Changes in flight at once (default 4). */
  readonly concurrency?: number;
  readonly hooks?: ApplyHooks;
  readonly retry?: RetryOptions;
  /**
   * The live state the plan was computed from in this same run. Given: apply
   * trusts it and skips the re-read. Absent (a saved plan): apply re-reads and
   * refuses the plan if the target changed since.
   */
  readonly plannedLive?: LiveState;
  /** After creates, read back and delete duplicates left by racing deploys (default true). */
  readonly dedupe?: boolean;
}

export interface ApplyResult {
  readonly id: string;
  readonly kind: "create" | "update" | "delete";
  readonly ok: boolean;
  readonly attempts: number;
  readonly error?: string;
  /** HTTP status of the last failure, 0 when the connection failed. */
  readonly status?: number;
  /** Which remote object a delete removed, when known. */
  readonly remoteId?: string;
  /** True for deletes of duplicates found after applying (not in the plan). */
  readonly duplicate?: boolean;
}

export interface ApplyReport {
  readonly target: Plan["target"];
  readonly results: readonly ApplyResult[];
  readonly failed: number;
}

/** Raised when a saved plan no longer describes the target; nothing was changed. */
export class StalePlanError extends Error {
  constructor(readonly target: Plan["target"]) {
    super(
      `The saved plan is stale: ${target.kind} ${target.location} changed since it was planned. Nothing was changed; run dac plan again.`,
    );
    this.name = "StalePlanError";
  }
}

/**
 * Carries out a plan on one target: creates and updates first, then the
 * deletes the plan marks `pruned` (order.ts says why), each change retried on
 * throttling, server errors and dropped connections, at most `concurrency` in
 * flight. A failing rule does not stop the others; the report lists each one.
 * Every step is idempotent, so after a crash the next plan describes exactly
 * what is left and the next deploy finishes it.
 */
export async function applyPlan(plan: Plan, adapter: TargetAdapter, options: ApplyOptions = {}): Promise<ApplyReport> {
  if (adapter.kind !== plan.target.kind || adapter.location !== plan.target.location) {
    throw new Error(`plan is for ${plan.target.kind} ${plan.target.location}, not ${adapter.kind} ${adapter.location}`);
  }
  const live = options.plannedLive ?? (await readLiveState(adapter));
  if (options.plannedLive === undefined && fingerprintLiveState(live) !== plan.liveFingerprint) {
    throw new StalePlanError(plan.target);
  }
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const results: ApplyResult[] = [];
  for (const phase of orderApplyPhases(selectApplicableChanges(plan))) {
    results.push(...(await Promise.all(phase.map((change) => limit(() => applyChange(change, live, adapter, options))))));
  }
  if ((options.dedupe ?? true) && results.some((r) => r.kind === "create")) {
    results.push(...(await deleteDuplicates(plan, adapter, limit, options)));
  }
  return { target: plan.target, results, failed: results.filter((r) => !r.ok).length };
}

async function applyChange(change: Change, live: LiveState, adapter: TargetAdapter, options: ApplyOptions): Promise<ApplyResult> {
  options.hooks?.onStart?.(change);
  const kind = change.kind as ApplyResult["kind"];
  const target = kind === "create" ? undefined : findLive(live, change);
  let result: ApplyResult;
  if (kind !== "create" && target === undefined) {
    result = { id: change.id, kind, ok: false, attempts: 0, error: `no live object for ${change.id} (the plan and the live state disagree)` };
  } else {
    const outcome = await retryWithBackoff(
      () => runChange(kind, change, target, adapter),
      options.retry,
      (info) => options.hooks?.onRetry?.(change, info),
    );
    result = outcome.ok
      ? { id: change.id, kind, ok: true, attempts: outcome.attempts, ...remoteIdOf(target) }
      : { id: change.id, kind, ok: false, attempts: outcome.attempts, ...describeFailure(outcome.error), ...remoteIdOf(target) };
  }
  options.hooks?.onDone?.(result);
  return result;
}

function runChange(kind: ApplyResult["kind"], change: Change, target: LiveResource | undefined, adapter: TargetAdapter): Promise<void> {
  const desired = { id: change.id, name: change.name, body: change.after ?? {} };
  if (kind === "create") return adapter.create(desired);
  if (kind === "update") return adapter.update(desired, target as LiveResource);
  return adapter.delete(target as LiveResource);
}

function findLive(live: LiveState, change: Change): LiveResource | undefined {
  const candidates = live.managed.filter((r) => r.id === change.id);
  if (change.remoteId !== undefined) return candidates.find((r) => identifyLive(r) === change.remoteId);
  return candidates.sort(compareLiveIdentity)[0];
}

function remoteIdOf(target: LiveResource | undefined): { remoteId?: string } {
  return target === undefined ? {} : { remoteId: identifyLive(target) };
}

function describeFailure(error: unknown): { error: string; status?: number } {
  const message = error instanceof Error ? error.message : String(error);
  return isTargetHttpError(error) ? { error: message, status: error.status } : { error: message };
}

/**
 * A create may have landed twice: a retry after a response was lost, or two
 * deploys at once. Read back and delete every copy but the survivor that
 * orderDuplicates picks (the same one planChanges and every other deployer
 * pick), so racing cleanups cannot delete each other's keeper.
 */
async function deleteDuplicates(plan: Plan, adapter: TargetAdapter, limit: ReturnType<typeof pLimit>, options: ApplyOptions): Promise<ApplyResult[]> {
  let after: LiveState;
  try {
    after = await readLiveState(adapter);
  } catch {
    // The next plan will show any duplicate as a delete; the deploy itself succeeded.
    return [];
  }
  const byId = new Map<string, LiveResource[]>();
  for (const r of after.managed) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const desiredHashes = new Map(plan.changes.map((c) => [c.id, c.desiredHash]));
  const extras: LiveResource[] = [];
  for (const [id, group] of byId) {
    if (group.length > 1) extras.push(...orderDuplicates(group, desiredHashes.get(id)).slice(1));
  }
  return Promise.all(
    extras.map((extra) =>
      limit(async (): Promise<ApplyResult> => {
        const outcome = await retryWithBackoff(() => adapter.delete(extra), options.retry);
        const base = { id: extra.id, kind: "delete" as const, attempts: outcome.attempts, duplicate: true, ...remoteIdOf(extra) };
        const result: ApplyResult = outcome.ok ? { ...base, ok: true } : { ...base, ok: false, ...describeFailure(outcome.error) };
        options.hooks?.onDone?.(result);
        return result;
      }),
    ),
  );
}
