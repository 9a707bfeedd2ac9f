import type { ResolvedDetection } from "../../detection/index.ts";
import type { Pipe } from "../../eql/index.ts";
import type { Dsl } from "./dsl.ts";
import { triggerName } from "./event-monitor.ts";
import type { JsonObject } from "./json.ts";
import { sequenceScriptParams, type SequencePlan } from "./sequence-plan.ts";
import { SEQUENCE_COMBINE_SCRIPT, SEQUENCE_INIT_SCRIPT, SEQUENCE_KEY_SCRIPT, SEQUENCE_MAP_SCRIPT, SEQUENCE_REDUCE_SCRIPT } from "./sequence-script.ts";

/**
 * Sequence query -> bucket-level monitor, so that the Alerting plugin raises
 * (and de-duplicates across runs) one alert per join key, as it does per
 * entity for event queries; a query-level monitor has one alert per trigger.
 *  - search: every candidate event of the window (any stage or until), each
 *    stage a `constant_score` clause scoring 2^k, so `_score` is the event's
 *    stage mask (sequence-plan.ts);
 *  - a composite aggregation with one source per join-key position
 *    (SEQUENCE_KEY_SCRIPT): multi-valued keys put an event in one bucket per
 *    value, the Cartesian product across positions, as EQL joins them;
 *  - under it two scripted metrics running the same state machine
 *    (sequence-script.ts): SEQUENCE_COUNT_AGGREGATION, the number of
 *    completed sequences (what the trigger reads: `buckets_path` only reads
 *    numbers, verified on 2.19), and SEQUENCE_DETAIL_AGGREGATION, the
 *    sequences themselves (event ids, join keys, entity), which the alert
 *    carries in its bucket and the run helpers read. Twice the Painless work,
 *    the price of an alert that names its events.
 * Bounds: Painless stops a script after 1,000,000 loop iterations. The
 * matcher spends about (stages × (1 + 2 × keys) + until + key fields + 8)
 * iterations per event, so a bucket (one join key) takes at most
 * sequenceCandidateLimit events (never more than 10,000); beyond that the
 * bucket refuses with an alert that says so rather than miss sequences. The
 * search is no longer capped by index.max_result_window (aggregations see
 * every event), and the cap is per join key, not per window.
 */
export const SEQUENCE_AGGREGATION = "dac_join_keys";
export const SEQUENCE_COUNT_AGGREGATION = "dac_sequence_count";
export const SEQUENCE_DETAIL_AGGREGATION = "dac_sequences";
export const MAX_SEQUENCE_CANDIDATES = 10_000;
/**
 * Join keys per composite page. Alerting follows `after_key` until a page
 * comes back empty and every page runs the whole search again (query, key
 * scripts), so with a page of max_signals (100) a window touching 1,800
 * hosts cost 19 searches; the page size caps nothing (every page's buckets
 * alert), it only trades searches for memory: a page holds its buckets' candidate
 * events in the scripted metrics' states until the reduce.
 */
export const SEQUENCE_PAGE_SIZE = 1_000;
export const PAINLESS_LOOP_BUDGET = 1_000_000;

export function sequenceCandidateLimit(plan: SequencePlan): number {
  const perEvent = (plan.stages.length + 2 * plan.missing.length) * (1 + plan.keyFields.length * 2) + 2 * (plan.until ? 1 : 0) + 2 * plan.keyFields.length + 8;
  return Math.min(MAX_SEQUENCE_CANDIDATES, Math.floor(PAINLESS_LOOP_BUDGET / perEvent / 2));
}

export function compileSequenceMonitorParts(
  detection: ResolvedDetection,
  plan: SequencePlan,
  scoredStages: readonly Dsl[],
  window: Dsl,
  exceptions: readonly Dsl[],
  severity: string,
  pipes: readonly Pipe[] = [],
): JsonObject {
  const bool: JsonObject = { filter: [window], should: [...scoredStages], minimum_should_match: 1 };
  if (exceptions.length > 0) bool.must_not = [...exceptions];
  const limit = sequenceCandidateLimit(plan);
  const metric = (output: "count" | "sequences"): JsonObject => ({
    scripted_metric: {
      init_script: painless(SEQUENCE_INIT_SCRIPT),
      map_script: painless(SEQUENCE_MAP_SCRIPT),
      combine_script: painless(SEQUENCE_COMBINE_SCRIPT),
      reduce_script: painless(SEQUENCE_REDUCE_SCRIPT),
      params: { ...sequenceScriptParams(plan, detection, limit, output), ...(pipes.length > 0 ? { pipes: pipes.map((p) => ({ kind: p.kind, n: p.count })) } : {}) },
    },
  });
  // No join keys, or head/tail pipes (which rank every key's sequences together):
  // one source with a constant key, so the whole window is one bucket.
  const positions = plan.positions.length > 0 && pipes.length === 0 ? plan.positions : [{ fields: [], optionalFields: [] }];
  const sources = positions.map((p, j) => ({
    [`k${j}`]: { terms: { script: { source: SEQUENCE_KEY_SCRIPT, lang: "painless", params: { fields: [...p.fields], optional: [...p.optionalFields] } } } },
  }));
  return {
    monitor_type: "bucket_level_monitor",
    search: {
      size: 0,
      query: { bool },
      aggregations: {
        [SEQUENCE_AGGREGATION]: {
          composite: { size: SEQUENCE_PAGE_SIZE, sources },
          aggregations: { [SEQUENCE_COUNT_AGGREGATION]: metric("count"), [SEQUENCE_DETAIL_AGGREGATION]: metric("sequences") },
        },
      },
    },
    trigger: {
      bucket_level_trigger: {
        name: triggerName(detection),
        severity,
        condition: {
          buckets_path: { sequences: `${SEQUENCE_COUNT_AGGREGATION}.value` },
          parent_bucket_path: SEQUENCE_AGGREGATION,
          // != 0: a refusing bucket counts -1 and must alert too (sequence-script.ts).
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
