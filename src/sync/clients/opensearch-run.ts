import { ENTITY_AGGREGATION, JOIN_AGGREGATION, JOIN_DETAIL_AGGREGATION, type JsonObject } from "../../targets/opensearch/index.ts";
import type { OpenSearchHttp } from "./opensearch-client.ts";

/**
 * Runs a monitor on the node (`_execute`, dry run: no actions, no alert
 * documents written) and reads back the alerts its trigger raised, per
 * entity. For replay tests: the same events through the cluster and through
 * the in-memory engine must give the same entities.
 *  - event queries: one alert per composite bucket the trigger kept
 *    (`trigger_results.*.agg_result_buckets` under ENTITY_AGGREGATION); "" is
 *    the no-entity key;
 *  - sequences: the plugin raises one alert per kept join-key bucket (under
 *    JOIN_AGGREGATION); its sequences are the bucket's
 *    JOIN_DETAIL_AGGREGATION group whose key is the bucket key (see
 *    join-script.ts). They are grouped here by each sequence's entity
 *    (replay's rule: the last event's entity field, else the first join key),
 *    which is the bucket key whenever the sequence joins on the entity field
 *    alone (the pack's `sequence by host.name`). When it does not, the
 *    plugin's alerts are per join key while these are per entity.
 */
export interface MonitorRunSequence {
  readonly joinKeys: readonly unknown[];
  readonly events: readonly { readonly index: string; readonly id: string }[];
}

export interface MonitorRunAlert {
  /** Entity field value; null when the events had none. */
  readonly entity: string | null;
  /** Matching events (event queries) or completed sequences (sequences) for this entity. */
  readonly count: number;
  /** Sequences only, in completion order. */
  readonly sequences?: readonly MonitorRunSequence[];
}

export interface MonitorRunResult {
  readonly triggered: boolean;
  /** Alerts per entity, sorted by entity (null first). */
  readonly alerts: readonly MonitorRunAlert[];
  /** Monitor, input or trigger error reported by the node (e.g. the matcher refusing too many events). */
  readonly error: string | null;
  readonly periodStart: number;
  readonly periodEnd: number;
}

function periodEndParam(periodEnd: Date | number): string {
  // period_end is parsed as a TimeValue: bare epoch millis are rejected ("unit is missing").
  return `${typeof periodEnd === "number" ? periodEnd : periodEnd.getTime()}ms`;
}

/** Runs a saved monitor as of `periodEnd`. */
export async function executeMonitor(http: OpenSearchHttp, monitorId: string, periodEnd: Date | number = Date.now()): Promise<MonitorRunResult> {
  const response = await http.request<JsonObject>({
    method: "POST",
    path: `/_plugins/_alerting/monitors/${encodeURIComponent(monitorId)}/_execute`,
    query: { dryrun: true, period_end: periodEndParam(periodEnd) },
    action: "execute",
  });
  return readMonitorRun(response.body);
}

/** Runs a monitor body that is not saved (ad hoc), as of `periodEnd`. */
export async function runMonitorAdhoc(http: OpenSearchHttp, monitor: JsonObject, periodEnd: Date | number): Promise<MonitorRunResult> {
  const response = await http.request<JsonObject>({
    method: "POST",
    path: "/_plugins/_alerting/monitors/_execute",
    query: { dryrun: true, period_end: periodEndParam(periodEnd) },
    body: monitor,
    action: "execute",
  });
  return readMonitorRun(response.body);
}

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `_execute` response -> alerts per entity. Pure; exported for unit tests. */
export function readMonitorRun(body: JsonObject): MonitorRunResult {
  const run = body as Loose;
  const errors: string[] = [];
  if (run.error) errors.push(String(run.error));
  if (run.input_results?.error) errors.push(String(run.input_results.error));
  let triggered = false;
  const byEntity = new Map<string | null, { count: number; sequences?: MonitorRunSequence[] }>();
  const add = (entity: string | null, count: number, sequence?: MonitorRunSequence): void => {
    const entry = byEntity.get(entity) ?? { count: 0, ...(sequence ? { sequences: [] } : {}) };
    entry.count += count;
    if (sequence) entry.sequences?.push(sequence);
    byEntity.set(entity, entry);
  };
  for (const trigger of Object.values((run.trigger_results ?? {}) as Loose)) {
    if (trigger.error) errors.push(String(trigger.error));
    if (trigger.triggered === true) triggered = true;
    for (const bucket of Object.values((trigger.agg_result_buckets ?? {}) as Loose)) {
      const content = bucket.agg_alert_content ?? bucket;
      if (content.parent_bucket_path === ENTITY_AGGREGATION) {
        triggered = true;
        const key = content.bucket_keys?.[0];
        add(key === undefined || key === null || key === "" ? null : String(key), Number(content.bucket?.doc_count ?? 0));
      } else if (content.parent_bucket_path === JOIN_AGGREGATION) {
        triggered = true;
        const read = readBucketSequences(content);
        if ("error" in read) errors.push(`join key ${JSON.stringify(content.bucket_keys)}: ${read.error}`);
        else for (const s of read.sequences) add(s.entity, 1, s.sequence);
      }
    }
  }
  const alerts = [...byEntity.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1))
    .map(([entity, v]) => ({ entity, count: v.count, ...(v.sequences ? { sequences: v.sequences } : {}) }));
  return { triggered, alerts, error: errors.length > 0 ? errors.join("; ") : null, periodStart: Number(run.period_start), periodEnd: Number(run.period_end) };
}

/**
 * The sequences of one kept join-key bucket: the detail group whose emitted key
 * is the bucket key (an empty key: no join keys, one bucket), or the refusal
 * the bucket carries instead (too many events for the key, ambiguous key).
 */
function readBucketSequences(content: Loose): { sequences: { entity: string | null; sequence: MonitorRunSequence }[] } | { error: string } {
  const bucketKey = JSON.stringify(((content.bucket_keys ?? []) as unknown[]).map(String));
  const groups = (content.bucket?.[JOIN_DETAIL_AGGREGATION]?.value ?? []) as Loose[];
  const refusal = groups.find((g) => typeof g.error === "string");
  if (refusal) return { error: String(refusal.error) };
  const group = groups.find((g) => (g.key as unknown[]).length === 0 || JSON.stringify(g.key) === bucketKey);
  if (group === undefined) return { error: "kept by the trigger but lists no sequence for its key" };
  const sequences = (group.sequences as Loose[]).map((s) => ({
    entity: s.entity === null || s.entity === undefined ? null : String(s.entity),
    sequence: { joinKeys: (s.join_keys ?? []) as unknown[], events: ((s.events ?? []) as Loose[]).map((e) => ({ index: String(e._index), id: String(e._id) })) },
  }));
  return { sequences };
}
