import type { ResolvedDetection } from "../../detection/index.ts";
import type { Dsl } from "./dsl.ts";
import { triggerName } from "./event-monitor.ts";
import type { JsonObject } from "./json.ts";
import { JOIN_COMBINE_SCRIPT, JOIN_INIT_SCRIPT, JOIN_KEY_SCRIPT, JOIN_MAP_SCRIPT } from "./join-script.ts";
import { SAMPLE_REDUCE_SCRIPT } from "./sample-script.ts";
import { SEQUENCE_REDUCE_SCRIPT } from "./sequence-script.ts";
import type { KeyPosition } from "./sequence-plan.ts";

/**
 * Sequence and sample queries -> the same bucket-level monitor shape, so that
 * the Alerting plugin raises (and de-duplicates across runs) one alert per
 * join key, as it does per entity for event queries; a query-level monitor
 * has one alert per trigger. Only the reducer differs (sequence-script.ts,
 * sample-script.ts; the rest is join-script.ts):
 *  - search: every candidate event of the window (any stage, until or
 *    missing stage), each named filter a `constant_score` clause scoring 2^k,
 *    so `_score` is the event's stage mask;
 *  - a composite aggregation with one source per join-key position
 *    (JOIN_KEY_SCRIPT): multi-valued keys put an event in one bucket per
 *    value, the Cartesian product across positions, as EQL joins them;
 *  - under it two scripted metrics running the same matcher: JOIN_COUNT_AGGREGATION,
 *    the number of matches (what the trigger reads: `buckets_path` only
 *    reads numbers, verified on 2.19), and JOIN_DETAIL_AGGREGATION, the
 *    matches themselves (event ids, join keys, entity), which the alert
 *    carries in its bucket and the run helpers read. Twice the Painless work,
 *    the price of an alert that names its events.
 * Bounds: Painless stops a script after 1,000,000 loop iterations, so a
 * bucket (one join key) takes at most a candidate limit of events (the
 * monitor's own cost model; never more than MAX_JOIN_CANDIDATES); beyond it
 * the bucket refuses with an alert that says so rather than miss matches.
 * The search is not capped by index.max_result_window (aggregations see
 * every event), and the cap is per join key, not per window.
 */
export const JOIN_AGGREGATION = "dac_join_keys";
export const JOIN_COUNT_AGGREGATION = "dac_sequence_count";
export const JOIN_DETAIL_AGGREGATION = "dac_sequences";
export const MAX_JOIN_CANDIDATES = 10_000;
export const PAINLESS_LOOP_BUDGET = 1_000_000;
/**
 * Join keys per composite page. Alerting follows `after_key` until a page
 * comes back empty and every page runs the whole search again (query, key
 * scripts), so with a page of max_signals (100) a window touching 1,800
 * hosts cost 19 searches; the page size caps nothing (every page's buckets
 * alert), it only trades searches for memory: a page holds its buckets' candidate
 * events in the scripted metrics' states until the reduce.
 */
export const JOIN_PAGE_SIZE = 1_000;

/** Every Painless program of join monitors, by name (goldens print the name instead of the text). */
export const JOIN_SCRIPTS: Readonly<Record<string, string>> = {
  JOIN_KEY_SCRIPT,
  JOIN_INIT_SCRIPT,
  JOIN_MAP_SCRIPT,
  JOIN_COMBINE_SCRIPT,
  SEQUENCE_REDUCE_SCRIPT,
  SAMPLE_REDUCE_SCRIPT,
};

export interface JoinMonitorInput {
  readonly detection: ResolvedDetection;
  /** One `constant_score` clause per named filter, filter k boosted 2^k. */
  readonly scoredFilters: readonly Dsl[];
  readonly window: Dsl;
  readonly exceptions: readonly Dsl[];
  readonly severity: string;
  /** One composite source per position; none (or one with no fields) puts the whole window in one bucket. */
  readonly positions: readonly KeyPosition[];
  readonly reduceScript: string;
  /** The reducer's params for one output (`count` for the trigger, `sequences` for the alert detail). */
  readonly params: (output: "count" | "sequences") => JsonObject;
}

export function compileJoinMonitorParts(input: JoinMonitorInput): JsonObject {
  const { detection } = input;
  const bool: JsonObject = { filter: [input.window], should: [...input.scoredFilters], minimum_should_match: 1 };
  if (input.exceptions.length > 0) bool.must_not = [...input.exceptions];
  const metric = (output: "count" | "sequences"): JsonObject => ({
    scripted_metric: {
      init_script: painless(JOIN_INIT_SCRIPT),
      map_script: painless(JOIN_MAP_SCRIPT),
      combine_script: painless(JOIN_COMBINE_SCRIPT),
      reduce_script: painless(input.reduceScript),
      params: input.params(output),
    },
  });
  // No join keys: one source with a constant key, so the whole window is one bucket.
  const positions = input.positions.length > 0 ? input.positions : [{ fields: [], optionalFields: [] }];
  const sources = positions.map((p, j) => ({
    [`k${j}`]: { terms: { script: { source: JOIN_KEY_SCRIPT, lang: "painless", params: { fields: [...p.fields], optional: [...p.optionalFields] } } } },
  }));
  return {
    monitor_type: "bucket_level_monitor",
    search: {
      size: 0,
      query: { bool },
      aggregations: {
        [JOIN_AGGREGATION]: {
          composite: { size: JOIN_PAGE_SIZE, sources },
          aggregations: { [JOIN_COUNT_AGGREGATION]: metric("count"), [JOIN_DETAIL_AGGREGATION]: metric("sequences") },
        },
      },
    },
    trigger: {
      bucket_level_trigger: {
        name: triggerName(detection),
        severity: input.severity,
        condition: {
          buckets_path: { sequences: `${JOIN_COUNT_AGGREGATION}.value` },
          parent_bucket_path: JOIN_AGGREGATION,
          // != 0: a refusing bucket counts -1 and must alert too (join-script.ts).
          script: { source: "params.sequences != 0", lang: "painless" },
        },
        actions: [],
      },
    },
  };
}

function painless(source: string): JsonObject {
  return { source, lang: "painless" };
}
