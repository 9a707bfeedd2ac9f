import { inject } from "vitest";
import { searchEqlSync, type EqlSearchResult } from "../../../src/eql/index.ts";
import { createOpenSearchHttp, runMonitorAdhoc, type MonitorRunResult, type OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { evaluateMonitorOnNode } from "../../../src/sync/clients/opensearch-evaluate.ts";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { compileMonitor, type JsonObject } from "../../../src/targets/opensearch/index.ts";

/**
 * Shared by the opensearch cluster tests (*.int.test.ts and *.alerting.test.ts):
 * a test index with ECS-style mappings (every string a keyword, `*.ip` as ip),
 * events bulk-indexed in input order into ONE shard by default (see
 * ClusterTarget for several shards), and the two sides of each differential
 * comparison. The cluster side runs the compiled monitor with a MonitorRunner:
 * the Alerting plugin's `_execute` (alerting project) or dac's core-API
 * evaluation (integration project, nodes without the plugin).
 */
export type MonitorRunner = (http: OpenSearchHttp, monitor: JsonObject, periodEnd: number) => Promise<MonitorRunResult>;

export const RUNNERS = {
  /** `POST _plugins/_alerting/monitors/_execute` (dry run): needs the Alerting plugin. */
  execute: runMonitorAdhoc,
  /** Render + search + Painless on the node with core APIs only. */
  evaluate: (http, monitor, periodEnd) => evaluateMonitorOnNode(http, monitor, periodEnd),
} satisfies Record<string, MonitorRunner>;

export function connectTestNode(): OpenSearchHttp {
  return createOpenSearchHttp({ url: inject("opensearchUrl") });
}

/**
 * Where a differential suite runs: the shared single node (one shard), or a
 * multi-node cluster a test file starts itself (several primary shards spread
 * over the nodes). Equal timestamps are ordered by `_id` on both, so the same
 * events give the same alerts. `connect` is called in beforeAll, once the
 * cluster is up.
 */
export interface ClusterTarget {
  readonly connect: () => OpenSearchHttp;
  readonly shards: number;
}

export const SINGLE_NODE: ClusterTarget = { connect: connectTestNode, shards: 1 };

/**
 * Every monitor run compiles its search input as a Mustache template (cached
 * per source, 100 entries, at most 75 compilations per 5 minutes by default).
 * A differential suite runs hundreds of distinct monitors in a minute, so it
 * raises the template context's limits on the shared node (dynamic settings,
 * harmless for the other suites). Production note: clusters with more than
 * ~100 monitors need the same settings, or runs fail with "Failed to compile
 * inline script".
 */
export async function raiseTemplateCompileLimits(http: OpenSearchHttp): Promise<void> {
  await http.request({
    method: "PUT",
    path: "/_cluster/settings",
    action: "test-settings",
    body: { persistent: { "script.context.template.max_compilations_rate": "10000/1m", "script.context.template.cache_max_size": 2000 } },
  });
}

export interface TestEvent {
  readonly id: string;
  readonly source: Record<string, unknown>;
  /** The document's JSON text as recorded, sent instead of re-serialising `source` (keeps 64-bit integers exact). */
  readonly raw?: string;
}

const DEFAULT_MAPPINGS = {
  dynamic_templates: [
    { ips: { match_mapping_type: "string", match: "ip", mapping: { type: "ip" } } },
    { strings: { match_mapping_type: "string", mapping: { type: "keyword" } } },
  ],
  properties: { "@timestamp": { type: "date" }, event: { properties: { sequence: { type: "long" } } } },
};

/**
 * A test index holding `events` (ids kept), refreshed. On several shards the
 * index is created with the mapping a one-shard index derives from the same
 * bulk: dynamic mapping there is a race, each shard maps a new field from
 * its own first document (`process.pid: "42"` a keyword on one shard, `4` a
 * long on another) and the bulk fails with a mapping conflict, or succeeds
 * with a mapping that depends on which shard won. One order of documents,
 * one mapping, on every layout.
 */
export async function createEventIndex(http: OpenSearchHttp, index: string, events: readonly TestEvent[], mappings?: Record<string, unknown>, shards = 1): Promise<void> {
  if (shards > 1 && events.length > 0) {
    const probe = `${index}-mapping-probe`;
    await createEventIndex(http, probe, events, mappings, 1);
    const learned = await http.request<Record<string, { mappings: Record<string, unknown> }>>({ method: "GET", path: `/${probe}/_mapping`, action: "test-mapping" });
    await http.request({ method: "DELETE", path: `/${probe}`, action: "test-cleanup", accept: [404] });
    mappings = learned.body[probe]?.mappings;
  }
  await http.request({ method: "DELETE", path: `/${index}`, action: "test-reset", accept: [404] });
  await http.request({
    method: "PUT",
    path: `/${index}`,
    action: "test-create-index",
    body: {
      settings: { number_of_shards: shards, number_of_replicas: 0, "mapping.total_fields.limit": 10_000 },
      mappings: mappings ?? DEFAULT_MAPPINGS,
    },
  });
  // A cold multi-node cluster can acknowledge the index before its primaries
  // start (index creation waits 30 s); a bulk sent then fails per item with
  // "primary shard is not active". Green = every primary started (no replicas).
  const health = await http.request<{ timed_out?: boolean; status?: string }>({
    method: "GET",
    path: `/_cluster/health/${index}`,
    query: { wait_for_status: "green", timeout: "120s" },
    action: "test-index-health",
    accept: [408],
  });
  if (health.body.timed_out === true) throw new Error(`test index ${index} did not turn green within 120 s (status ${health.body.status ?? "?"})`);
  if (events.length === 0) return;
  const lines = events.flatMap((e) => [JSON.stringify({ index: { _index: index, _id: e.id } }), e.raw ?? JSON.stringify(e.source)]);
  const bulk = await http.request<{ errors: boolean; items: Record<string, { _id?: string; error?: unknown }>[] }>({
    method: "POST",
    path: "/_bulk",
    query: { refresh: "true" },
    body: `${lines.join("\n")}\n`,
    action: "test-bulk",
  });
  if (bulk.body.errors) {
    const failed = bulk.body.items.flatMap((item) => Object.values(item)).filter((r) => r.error !== undefined);
    throw new Error(`bulk indexing failed for ${failed.length} of ${events.length} events: ${JSON.stringify(failed.slice(0, 5).map((r) => ({ id: r._id, error: r.error })))}`);
  }
}

export async function deleteIndex(http: OpenSearchHttp, index: string): Promise<void> {
  if (process.env["DAC_KEEP_TEST_INDEX"] === "1") return; // for debugging a failing case by hand
  await http.request({ method: "DELETE", path: `/${index}`, action: "test-cleanup", accept: [404] });
}

/** Compiles the detection (refusals fail the test) and runs it on the node as of `periodEnd`. */
export async function runOnCluster(http: OpenSearchHttp, detection: ResolvedDetection, periodEnd: number, run: MonitorRunner): Promise<MonitorRunResult> {
  const monitor = compileMonitor(detection);
  if (!monitor.ok) throw new Error(`does not compile: ${JSON.stringify(monitor.diagnostics)}`);
  return run(http, monitor.value as JsonObject, periodEnd);
}

/**
 * The in-memory engine over the same events: every match (head, no size cap),
 * equal timestamps ordered by `_id` as the monitor orders them on any number
 * of shards (and as `dac test --offline` does).
 */
export function runOnEngine(detection: ResolvedDetection, events: readonly TestEvent[]): EqlSearchResult {
  const withIds = events.map((e) => ({ ...e.source, _id: e.id }));
  return searchEqlSync(detection.query, withIds, {
    timestampField: detection.timestampField,
    eventCategoryField: detection.eventCategoryField,
    ...(detection.tiebreakerField ? { tiebreakerField: detection.tiebreakerField } : {}),
    size: 100_000,
    resultPosition: "head",
    tieOrder: "id",
  });
}

/** Reads a dotted field (nested objects and/or dotted keys), flattening arrays. */
export function readField(source: Record<string, unknown>, path: string): unknown[] {
  const parts = path.split(".");
  const walk = (value: unknown, i: number): unknown[] => {
    if (Array.isArray(value)) return value.flatMap((v) => walk(v, i));
    if (i === parts.length) return value === null || value === undefined ? [] : [value];
    if (typeof value !== "object" || value === null) return [];
    const obj = value as Record<string, unknown>;
    const out: unknown[] = [];
    for (let j = i + 1; j <= parts.length; j++) {
      const key = parts.slice(i, j).join(".");
      if (key in obj) out.push(...walk(obj[key], j));
    }
    return out;
  };
  return walk(source, 0);
}

/** How many of the index's shards hold documents matching `query` (ties must span several for a multi-shard case to mean anything). */
export async function shardsHolding(http: OpenSearchHttp, index: string, shards: number, query: Record<string, unknown> = { match_all: {} }): Promise<number> {
  let holding = 0;
  for (let shard = 0; shard < shards; shard++) {
    const r = await http.request<{ hits: { total: { value: number } } }>({
      method: "POST",
      path: `/${index}/_search`,
      query: { preference: `_shards:${shard}` },
      body: { size: 0, track_total_hits: true, query },
      action: "test-shard-count",
    });
    if (r.body.hits.total.value > 0) holding++;
  }
  return holding;
}
