/**
 * Replay monitors on the cluster: deployed through the same plan/apply path
 * as `dac deploy` (planSession without prune -> applyPlan),
 * triggered with `_execute`, and removed afterwards. Only the replay ids are
 * ever touched: the plan does not prune, and removal deletes by id.
 */
import pLimit from "p-limit";
import type { ResolvedEnvironment } from "../config/index.ts";
import { applyPlan, planSession, readLiveState, type DesiredResource, type LiveResource, type TargetAdapter } from "../sync/index.ts";

/** Alerts per entity from one `_execute` (the OpenSearch adapter's MonitorRunResult, structurally). */
export interface MonitorRun {
  readonly triggered: boolean;
  readonly alerts: readonly { readonly entity: string | null; readonly count: number }[];
  readonly error: string | null;
}

/** A TargetAdapter that can run a saved monitor on demand (the OpenSearch adapter). */
export interface ExecutableTarget extends TargetAdapter {
  executeMonitor(monitorId: string, periodEnd?: Date | number): Promise<MonitorRun>;
}

/**
 * The adapter, when it can execute monitors. sync/ hands adapters out as
 * TargetAdapter; the OpenSearch one also carries executeMonitor.
 */
export function asExecutableTarget(adapter: TargetAdapter): ExecutableTarget | undefined {
  const candidate = adapter as Partial<ExecutableTarget>;
  return typeof candidate.executeMonitor === "function" ? (adapter as ExecutableTarget) : undefined;
}

/** The monitor id the live resource stands for. */
export function readMonitorId(live: LiveResource): string {
  const handle = live.handle as { monitorId?: unknown } | null;
  if (handle && typeof handle.monitorId === "string") return handle.monitorId;
  if (live.remoteId) return live.remoteId;
  throw new Error(`live resource ${live.id} carries no monitor id`);
}

export interface DeployedMonitors {
  /** Replay id -> remote monitor id. */
  readonly monitorIds: ReadonlyMap<string, string>;
  /** Replay id -> why it was not deployed. */
  readonly failures: ReadonlyMap<string, string>;
}

/** Creates (or updates) the monitors for `desired`, as `dac deploy` would; other monitors on the target are left alone. */
export async function deployReplayMonitors(env: ResolvedEnvironment, adapter: TargetAdapter, desired: readonly DesiredResource[], concurrency = 2): Promise<DeployedMonitors> {
  const [planned] = await planSession({ env, adapters: [adapter], desired }, { prune: false });
  if (!planned) throw new Error(`nothing planned for ${adapter.location}`);
  const report = await applyPlan(planned.plan, adapter, { plannedLive: planned.live, concurrency });
  const failures = new Map<string, string>();
  for (const r of report.results) if (!r.ok && r.kind !== "delete") failures.set(r.id, r.error ?? `${r.kind} failed`);
  const wanted = new Set(desired.map((d) => d.id));
  const monitorIds = new Map<string, string>();
  for (const resource of (await readLiveState(adapter)).managed) {
    if (wanted.has(resource.id) && !monitorIds.has(resource.id)) monitorIds.set(resource.id, readMonitorId(resource));
  }
  for (const id of wanted) if (!monitorIds.has(id) && !failures.has(id)) failures.set(id, "deployed, but not found on the target afterwards");
  return { monitorIds, failures };
}

/** Deletes the monitors whose sync id is in `ids` (all copies); returns how many were deleted. */
export async function removeReplayMonitors(adapter: TargetAdapter, ids: Iterable<string>, concurrency = 4): Promise<number> {
  const doomed = new Set(ids);
  const live = await readLiveState(adapter);
  const targets = live.managed.filter((m) => doomed.has(m.id));
  const limit = pLimit(Math.max(1, concurrency));
  await Promise.all(targets.map((m) => limit(() => adapter.delete(m))));
  return targets.length;
}
