import type { Json, JsonObject } from "../../targets/opensearch/index.ts";
import { TargetHttpError } from "./http-errors.ts";
import { readOpenSearchRootCause, type OpenSearchHttp } from "./opensearch-client.ts";
import { readMonitorRun, type MonitorRunResult } from "./opensearch-run.ts";
import { wrapTriggerScript } from "./opensearch-trigger-wrapper.ts";

/**
 * Runs a monitor's OWN definition on a node WITHOUT the Alerting plugin, with
 * core APIs only, the way Alerting 2.19's InputService/TriggerService do:
 *  1. period: `period_start = period_end - schedule interval` (IntervalSchedule;
 *     cron schedules are refused);
 *  2. input: `inputs[0].search.query` (after the bucket-level rewrite below)
 *     rendered by the node's Mustache engine and run on the input's indices in
 *     one request (`POST <indices>/_search/template`, params
 *     `period_start`/`period_end` in epoch millis: the same template parser
 *     and engine as `_render/template`, one round trip instead of two);
 *  3. trigger, on the node's Painless engine:
 *     - query-level: the trigger source runs through `_scripts/painless/_execute`
 *       (painless_test) inside a wrapper (wrapTriggerScript): the source's own
 *       functions stay first, its statements become the body of
 *       `def dacTrigger(Map ctx, Map params)`, and the main block binds `ctx`
 *       (results, periodStart/End, monitor, trigger) and `params`, calls it and
 *       returns JSON of the verdict plus every key the trigger added to
 *       `ctx.results[0]`. The trigger text is byte-identical to the deployed
 *       one, only split in two (dac compiles no query-level monitor since
 *       sequences became bucket-level; hand-written ones still run here);
 *     - bucket-level: Alerting injects a `bucket_selector_ext` pipeline
 *       aggregation; core has no such aggregation, so its condition (script and
 *       buckets_path) goes into a core `bucket_selector` under the parent
 *       composite aggregation: same script context, same variables (dac's
 *       sequence monitors select on their scripted_metric count,
 *       `dac_sequence_count.value`, the same way). Pages follow `after_key`
 *       until a page comes back empty, as Alerting pages.
 *  4. the outcome is laid out as an `_execute` response and read by
 *     readMonitorRun, so both paths return the same MonitorRunResult.
 * NOT exercised: the job scheduler (runs happen only when called), alert and
 * finding indices (no alert state, no de-duplication across runs), actions and
 * Notifications, throttling, doc-level monitors, cron schedules, monitor
 * validation by the plugin (field/type checks at create time), and the
 * plugin's security/backend-role filters. Differences: Alerting renders the
 * parsed-and-reprinted search body (SearchSourceBuilder.toString), we render
 * the body as written (same query, other spelling); the search response
 * crosses JavaScript on its way to the trigger, so integers above 2^53 in
 * `fields`/`sort` lose precision; an input error skips the triggers (Alerting
 * still runs them, on empty results); a composite page that does not advance
 * is an error here, where the plugin's `_execute` loops (see runBucketTrigger).
 */
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** True when the node runs the Alerting plugin (`_cat/plugins` lists opensearch-alerting). */
export async function nodeHasAlerting(http: OpenSearchHttp): Promise<boolean> {
  const response = await http.request<{ component?: string }[]>({ method: "GET", path: "/_cat/plugins", query: { format: "json" }, action: "read-plugins" });
  return response.body.some((p) => p.component === "opensearch-alerting");
}

export interface EvaluateOptions {
  /**
   * The caller knows that the parent composite has fewer keys than its page
   * size over every document the search can match in this run (replay counts
   * them, candidate-windows.ts): the first page then holds every bucket, the
   * next one is empty, and it is not requested.
   */
  readonly singlePage?: boolean;
}

/** Runs the monitor on the node as of `periodEnd` (see above) and reads its alerts per entity, as readMonitorRun reads `_execute`. */
export async function evaluateMonitorOnNode(http: OpenSearchHttp, monitor: JsonObject, periodEnd: Date | number, options: EvaluateOptions = {}): Promise<MonitorRunResult> {
  return readMonitorRun(await evaluateMonitorExecution(http, monitor, periodEnd, options));
}

/**
 * The run laid out as the plugin's `_execute` response: period_start/end,
 * input_results (the first page's search response plus what the triggers
 * added to it), trigger_results (triggered, error, agg_result_buckets).
 */
export async function evaluateMonitorExecution(http: OpenSearchHttp, monitor: JsonObject, periodEnd: Date | number, options: EvaluateOptions = {}): Promise<JsonObject> {
  const m = monitor as Loose;
  const end = typeof periodEnd === "number" ? periodEnd : periodEnd.getTime();
  const start = end - readIntervalMillis(m.schedule);
  const input = m.inputs?.[0]?.search as Loose | undefined;
  if (!input || (m.inputs as unknown[]).length !== 1) throw new Error(`monitor ${String(m.name)}: only one search input is supported`);
  // Unsaved bodies have no trigger ids; readMonitorRun does not need them.
  const triggers = ((m.triggers ?? []) as Loose[]).map((t, i) => readTrigger(t, `trigger-${i}`));
  const run: Loose = { monitor_name: m.name, period_start: start, period_end: end, error: null, input_results: { results: [], error: null }, trigger_results: {} };
  const period = { period_start: start, period_end: end };
  if (m.monitor_type === "bucket_level_monitor") {
    for (const trigger of triggers) {
      if (trigger.kind !== "bucket") throw new Error(`monitor ${String(m.name)}: a bucket-level monitor takes bucket-level triggers`);
      const outcome = await runBucketTrigger(http, input, trigger, period, options.singlePage === true);
      if (outcome.error) {
        run.input_results.error = outcome.error;
        break;
      }
      if (run.input_results.results.length === 0) run.input_results.results.push(outcome.firstPage);
      run.trigger_results[trigger.id] = { name: trigger.name, triggered: Object.keys(outcome.buckets).length > 0, error: null, agg_result_buckets: outcome.buckets };
    }
    return run as JsonObject;
  }
  if (m.monitor_type !== "query_level_monitor") throw new Error(`monitor ${String(m.name)}: ${String(m.monitor_type)} is not supported without the Alerting plugin`);
  const search = await runSearch(http, input, period);
  if ("error" in search) {
    run.input_results.error = search.error;
    return run as JsonObject;
  }
  // One results map for all triggers, as in Alerting: what one trigger adds, the next one sees.
  const result: Loose = { ...search.response };
  run.input_results.results.push(result);
  for (const trigger of triggers) {
    if (trigger.kind !== "query") throw new Error(`monitor ${String(m.name)}: a query-level monitor takes query-level triggers`);
    const outcome = await runQueryTrigger(http, trigger, result, { monitor: m, start, end });
    Object.assign(result, outcome.added);
    // Alerting reports a trigger that threw as triggered, with the error.
    run.trigger_results[trigger.id] = { name: trigger.name, triggered: outcome.error !== null || outcome.triggered, error: outcome.error };
  }
  return run as JsonObject;
}

/** IntervalSchedule.getPeriodEndingAt: the period is one interval back from its end. */
function readIntervalMillis(schedule: Loose | undefined): number {
  const period = schedule?.period as Loose | undefined;
  const unitMillis: Record<string, number> = { MILLIS: 1, SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };
  const unit = unitMillis[String(period?.unit)];
  if (!period || unit === undefined || typeof period.interval !== "number") throw new Error(`only interval schedules are supported, got ${JSON.stringify(schedule)}`);
  return period.interval * unit;
}

type Trigger =
  | { readonly kind: "query"; readonly id: string; readonly name: string; readonly severity: string; readonly source: string; readonly params: JsonObject }
  | { readonly kind: "bucket"; readonly id: string; readonly name: string; readonly parentPath: string; readonly bucketsPath: JsonObject; readonly script: JsonObject };

function readTrigger(wrapped: Loose, fallbackId: string): Trigger {
  const q = wrapped.query_level_trigger as Loose | undefined;
  if (q) {
    const script = q.condition?.script as Loose;
    if (script?.lang !== undefined && script.lang !== "painless") throw new Error(`trigger ${q.name}: only painless conditions are supported`);
    return { kind: "query", id: q.id ?? fallbackId, name: q.name, severity: String(q.severity), source: String(script.source), params: (script.params ?? {}) as JsonObject };
  }
  const b = wrapped.bucket_level_trigger as Loose | undefined;
  if (b) {
    const c = b.condition as Loose;
    return { kind: "bucket", id: b.id ?? fallbackId, name: b.name, parentPath: String(c.parent_bucket_path), bucketsPath: c.buckets_path as JsonObject, script: c.script as JsonObject };
  }
  throw new Error(`unsupported trigger ${JSON.stringify(Object.keys(wrapped))}`);
}

type SearchOutcome = { readonly response: Loose } | { readonly error: string };

/** Mustache-renders the input's search body as Alerting does, then runs it on the input's indices. */
async function runSearch(http: OpenSearchHttp, input: Loose, period: { period_start: number; period_end: number }, body: Json = input.query as Json): Promise<SearchOutcome> {
  try {
    const indices = ((input.indices ?? []) as string[]).map(encodeURIComponent).join(",");
    const response = await http.request<Loose>({ method: "POST", path: `/${indices}/_search/template`, body: { source: body, params: period }, action: "search-monitor-input" });
    return { response: response.body };
  } catch (err) {
    return { error: describeNodeError(err) };
  }
}

const SELECTOR = "dac_trigger_selector";
const MAX_PAGES = 10_000;

/** Every bucket of the parent composite that the trigger condition keeps, across pages, keyed like `agg_result_buckets`. */
async function runBucketTrigger(http: OpenSearchHttp, input: Loose, trigger: Extract<Trigger, { kind: "bucket" }>, period: { period_start: number; period_end: number }, singlePage: boolean) {
  const buckets: Loose = {};
  let firstPage: Loose | undefined;
  let after: Json | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = withBucketSelector(input.query as JsonObject, trigger, after);
    const search = await runSearch(http, input, period, body);
    if ("error" in search) return { error: search.error, buckets, firstPage: {} };
    firstPage ??= search.response;
    const agg = (search.response.aggregations as Loose | undefined)?.[trigger.parentPath] as Loose | undefined;
    for (const bucket of (agg?.buckets ?? []) as Loose[]) {
      const keys = Object.values(bucket.key as Loose).map((v) => (v === null ? null : String(v)));
      buckets[keys.join("#")] = { parent_bucket_path: trigger.parentPath, bucket_keys: keys, bucket };
    }
    // A page with raw buckets has an after_key even when the selector dropped them all.
    if (agg?.after_key === undefined || singlePage) return { error: null, buckets, firstPage };
    // The after key goes through Mustache with the rest of the body, as in Alerting: a key holding
    // `{{…}}` renders to a different, smaller key and the same page comes back forever (the
    // plugin's _execute then never returns). Stop and say so instead.
    if (after !== undefined && JSON.stringify(agg.after_key) === JSON.stringify(after)) {
      return { error: `composite paging does not advance past ${JSON.stringify(after)} (a bucket key containing Mustache tags?)`, buckets, firstPage };
    }
    after = agg.after_key as Json;
  }
  return { error: `more than ${MAX_PAGES} composite pages`, buckets, firstPage: firstPage ?? {} };
}

/**
 * A copy of the search body with the trigger's condition as a `bucket_selector`
 * under its parent aggregation (and the page's `after`). Only the objects on
 * the path to the parent are copied, the rest is shared and left untouched:
 * this runs for every window and page, and the query part of a sequence
 * monitor's body is tens of kilobytes.
 */
export function withBucketSelector(query: JsonObject, trigger: { parentPath: string; bucketsPath: JsonObject; script: JsonObject }, after?: Json): JsonObject {
  const body = { ...query } as Loose;
  const aggsKey = body.aggregations != null ? "aggregations" : "aggs";
  const aggs = body[aggsKey] as Loose | undefined;
  const parent = aggs?.[trigger.parentPath] as Loose | undefined;
  if (!parent?.composite) throw new Error(`parent_bucket_path ${trigger.parentPath} is not a top-level composite aggregation of the input`);
  const subKey = parent.aggs !== undefined ? "aggs" : "aggregations";
  const selector = { bucket_selector: { buckets_path: trigger.bucketsPath, script: trigger.script } };
  const composite = after !== undefined ? { ...parent.composite, after } : parent.composite;
  body[aggsKey] = { ...aggs, [trigger.parentPath]: { ...parent, composite, [subKey]: { ...(parent[subKey] ?? {}), [SELECTOR]: selector } } };
  return body;
}

async function runQueryTrigger(http: OpenSearchHttp, trigger: Extract<Trigger, { kind: "query" }>, result: Loose, run: { monitor: Loose; start: number; end: number }) {
  const params = {
    dac_result: result,
    dac_params: trigger.params,
    dac_period_start: run.start,
    dac_period_end: run.end,
    dac_monitor: { id: run.monitor.id ?? "", name: run.monitor.name ?? "", enabled: run.monitor.enabled ?? false },
    dac_trigger: { id: trigger.id, name: trigger.name, severity: trigger.severity, actions: [] },
  };
  try {
    const response = await http.request<{ result: string }>({
      method: "POST",
      path: "/_scripts/painless/_execute",
      body: { context: "painless_test", script: { lang: "painless", source: wrapTriggerScript(trigger.source), params } },
      action: "run-trigger",
    });
    const parsed = JSON.parse(response.body.result) as { triggered: unknown; added: Loose };
    if (typeof parsed.triggered !== "boolean") return { triggered: false, added: parsed.added, error: `trigger returned ${JSON.stringify(parsed.triggered)}, not a boolean` };
    return { triggered: parsed.triggered, added: parsed.added, error: null };
  } catch (err) {
    return { triggered: false, added: {}, error: describeNodeError(err) };
  }
}

/** The node's reason, innermost cause last (a trigger's own exception message sits in `caused_by`). */
function describeNodeError(err: unknown): string {
  if (!(err instanceof TargetHttpError)) throw err;
  const body = (err.cause as { body?: Loose } | undefined)?.body;
  const reasons: string[] = [];
  for (let e = body?.error as Loose | undefined; e && typeof e === "object"; e = e.caused_by) reasons.push(`${String(e.type)}: ${String(e.reason)}`);
  // "all shards failed" says nothing: the shards' own failure is the reason.
  const root = readOpenSearchRootCause(body?.error);
  if (root !== undefined && reasons.length <= 1) reasons.push(root);
  return reasons.length > 0 ? reasons.join(" / caused by ") : err.message;
}
