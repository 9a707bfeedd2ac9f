import type { ResolvedEnvironment } from "../../config/index.ts";
import { classifyMonitorOwner, readDacMetadata, type JsonObject } from "../../targets/opensearch/index.ts";
import type { DesiredResource, LiveResource, LiveState, TargetAdapter } from "../target.ts";
import { connectionOf, createOpenSearchHttp, type OpenSearchConnection, type OpenSearchHttp } from "./opensearch-client.ts";
import { normalizeLiveMonitor, readHandle, type MonitorHit } from "./opensearch-normalize.ts";
import { executeMonitor, runMonitorAdhoc, type MonitorRunResult } from "./opensearch-run.ts";

/**
 * TargetAdapter for OpenSearch Alerting: one monitor per detection, carrying
 * dac's marker in `ui_metadata.dac`. Reads every monitor in pages of 1,000
 * (the plugin's default max_monitors is 1,000, so usually one call), writes
 * with `refresh=wait_for` so the next read sees the change, updates with
 * if_seq_no/if_primary_term so a concurrent edit fails instead of being
 * overwritten. With a `project`, only monitors of that project (or of none
 * yet: deployed before projects, adopted) are managed; other projects'
 * monitors are counted and never touched.
 */
export interface OpenSearchAdapter extends TargetAdapter {
  readonly http: OpenSearchHttp;
  /** `_execute` a saved monitor as of `periodEnd` (dry run) and read its alerts per entity. */
  executeMonitor(monitorId: string, periodEnd?: Date | number): Promise<MonitorRunResult>;
  /** `_execute` an unsaved monitor body as of `periodEnd` (dry run). */
  runMonitorAdhoc(monitor: JsonObject, periodEnd: Date | number): Promise<MonitorRunResult>;
}

const MONITORS = "/_plugins/_alerting/monitors";
export const LIVE_PAGE_SIZE = 1000;

export interface OpenSearchAdapterOptions {
  /** The dac project this adapter manages (default: env.project). Undefined: every marked monitor is managed. */
  readonly project?: string;
}

export function createOpenSearchAdapter(
  env: ResolvedEnvironment | OpenSearchConnection,
  http: OpenSearchHttp = createOpenSearchHttp(connectionOf(env)),
  options: OpenSearchAdapterOptions = {},
): OpenSearchAdapter {
  const project = options.project ?? ("project" in env ? env.project : undefined);
  return {
    kind: "opensearch",
    location: http.location,
    http,
    readLive: () => readLiveMonitors(http, project),
    create: (desired) => createMonitor(http, desired),
    update: (desired, live) => updateMonitor(http, desired, live),
    delete: (live) => deleteMonitor(http, live),
    executeMonitor: (monitorId, periodEnd) => executeMonitor(http, monitorId, periodEnd),
    runMonitorAdhoc: (monitor, periodEnd) => runMonitorAdhoc(http, monitor, periodEnd),
  };
}

interface SearchBody {
  readonly hits?: { readonly total?: { readonly value?: number } | number; readonly hits?: readonly MonitorHit[] };
}

export async function readLiveMonitors(http: OpenSearchHttp, project?: string): Promise<LiveState> {
  const before = http.calls;
  const managed: LiveResource[] = [];
  let unmanagedCount = 0;
  let otherProjectsCount = 0;
  for (let from = 0; ; from += LIVE_PAGE_SIZE) {
    const response = await http.request<SearchBody>({
      method: "POST",
      path: `${MONITORS}/_search`,
      // seq_no_primary_term: the update handle. Sorted by _id so pages are stable.
      body: { from, size: LIVE_PAGE_SIZE, seq_no_primary_term: true, query: { match_all: {} }, sort: [{ _id: { order: "asc" } }] },
      action: "read",
      // No monitor was ever created: the config index does not exist yet.
      accept: [404],
    });
    if (response.status === 404) break;
    const hits = response.body.hits?.hits ?? [];
    for (const hit of hits) {
      const source = hit._source;
      if (!source || source.type !== "monitor") continue; // workflows share the config index
      const live = normalizeLiveMonitor(hit);
      const dac = readDacMetadata(source);
      if (!live || !dac) unmanagedCount++;
      else if (classifyMonitorOwner(dac, project) === "other") otherProjectsCount++;
      else managed.push(live);
    }
    const totalRaw = response.body.hits?.total;
    const total = typeof totalRaw === "number" ? totalRaw : (totalRaw?.value ?? 0);
    if (hits.length < LIVE_PAGE_SIZE || from + LIVE_PAGE_SIZE >= total) break;
  }
  managed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { managed, unmanagedCount, otherProjectsCount, calls: http.calls - before };
}

interface WriteResponse {
  readonly _id: string;
  readonly _seq_no: number;
  readonly _primary_term: number;
}

/**
 * Safe rollout: the monitor is created disabled (exceptions are already in its
 * query), then enabled in a second, concurrency-checked write. A failure in
 * between leaves a disabled monitor that the next plan shows as an update.
 */
export async function createMonitor(http: OpenSearchHttp, desired: DesiredResource): Promise<void> {
  const wantEnabled = desired.body.enabled === true;
  const created = await http.request<WriteResponse>({
    method: "POST",
    path: MONITORS,
    query: { refresh: "wait_for" },
    body: { ...desired.body, enabled: false },
    action: "create",
    ruleId: desired.id,
  });
  if (!wantEnabled) return;
  await http.request<WriteResponse>({
    method: "PUT",
    path: `${MONITORS}/${encodeURIComponent(created.body._id)}`,
    query: { refresh: "wait_for", if_seq_no: created.body._seq_no, if_primary_term: created.body._primary_term },
    body: desired.body,
    action: "enable",
    ruleId: desired.id,
  });
}

export async function updateMonitor(http: OpenSearchHttp, desired: DesiredResource, live: LiveResource): Promise<void> {
  const handle = readHandle(live);
  await http.request<WriteResponse>({
    method: "PUT",
    path: `${MONITORS}/${encodeURIComponent(handle.monitorId)}`,
    query: { refresh: "wait_for", ...(handle.seqNo >= 0 ? { if_seq_no: handle.seqNo, if_primary_term: handle.primaryTerm } : {}) },
    body: desired.body,
    action: "update",
    ruleId: desired.id,
  });
}

/**
 * Idempotent: a monitor that is already gone counts as deleted. Alerting 2.19
 * does not answer 404 for that: it fails with "Cannot invoke
 * BytesReference.length() because bytes is null" in a truncated body, so on
 * any failure a GET decides whether the monitor still exists.
 */
export async function deleteMonitor(http: OpenSearchHttp, live: LiveResource): Promise<void> {
  const handle = readHandle(live);
  const path = `${MONITORS}/${encodeURIComponent(handle.monitorId)}`;
  try {
    await http.request({ method: "DELETE", path, query: { refresh: "wait_for" }, action: "delete", ruleId: live.id, accept: [404] });
  } catch (err) {
    const probe = await http.request({ method: "GET", path, action: "delete", ruleId: live.id, accept: [404] });
    if (probe.status !== 404) throw err;
  }
}

export { executeMonitor, runMonitorAdhoc, type MonitorRunResult, type MonitorRunAlert, type MonitorRunSequence } from "./opensearch-run.ts";
export { createOpenSearchHttp, type OpenSearchConnection, type OpenSearchHttp } from "./opensearch-client.ts";
