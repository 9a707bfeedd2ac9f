import type { ResolvedDetection } from "../../detection/index.ts";
import type { Dsl } from "./dsl.ts";
import { triggerName } from "./event-monitor.ts";
import type { JsonObject } from "./json.ts";
import { sampleScriptParams, type SamplePlan } from "./sample-plan.ts";
import { SAMPLE_COMBINE_SCRIPT, SAMPLE_INIT_SCRIPT, SAMPLE_MAP_SCRIPT, SAMPLE_REDUCE_SCRIPT } from "./sample-script.ts";
import { MAX_SEQUENCE_CANDIDATES, PAINLESS_LOOP_BUDGET, SEQUENCE_AGGREGATION, SEQUENCE_COUNT_AGGREGATION, SEQUENCE_DETAIL_AGGREGATION } from "./sequence-monitor.ts";
import { SEQUENCE_KEY_SCRIPT } from "./sequence-script.ts";

/**
 * Sample query -> bucket-level monitor with the sequence monitor's shape (and
 * aggregation names, so alerts and the run helpers read both alike): the
 * search keeps every event of the window that matches some filter (filter k
 * scores 2^k), a composite aggregation has one bucket per join-key tuple (one
 * source per key position), and two scripted metrics run the sampler
 * (sample-script.ts) per bucket: the sample count the trigger reads, and the
 * sample itself for the alert. One sample per key tuple, as EQL's default
 * `max_samples_per_key` of 1; the composite size (max_signals) caps the keys.
 * Bounds as for sequences: Painless stops a script after 1,000,000 loop
 * iterations, so a bucket takes at most sampleCandidateLimit events and
 * refuses (an alert saying so) beyond it.
 */
export function sampleCandidateLimit(plan: SamplePlan): number {
  const n = plan.stages.length;
  // Per event: offering it to each filter's key tuples, the own-key derivation, sorting; plus at most n² assignment tries of n^n steps each.
  const perEvent = n * (1 + plan.keyFields.length * 2) + 2 * plan.keyFields.length + 8;
  const assignments = n * n * n ** n;
  return Math.max(0, Math.min(MAX_SEQUENCE_CANDIDATES, Math.floor((PAINLESS_LOOP_BUDGET - assignments) / perEvent / 2)));
}

export function compileSampleMonitorParts(detection: ResolvedDetection, plan: SamplePlan, scoredFilters: readonly Dsl[], window: Dsl, exceptions: readonly Dsl[], severity: string): JsonObject {
  const bool: JsonObject = { filter: [window], should: [...scoredFilters], minimum_should_match: 1 };
  if (exceptions.length > 0) bool.must_not = [...exceptions];
  const limit = sampleCandidateLimit(plan);
  const metric = (output: "count" | "sequences"): JsonObject => ({
    scripted_metric: {
      init_script: painless(SAMPLE_INIT_SCRIPT),
      map_script: painless(SAMPLE_MAP_SCRIPT),
      combine_script: painless(SAMPLE_COMBINE_SCRIPT),
      reduce_script: painless(SAMPLE_REDUCE_SCRIPT),
      params: sampleScriptParams(plan, detection, limit, output),
    },
  });
  const sources = plan.positions.map((p, j) => ({
    [`k${j}`]: { terms: { script: { source: SEQUENCE_KEY_SCRIPT, lang: "painless", params: { fields: [...p.fields], optional: [...p.optionalFields] } } } },
  }));
  return {
    monitor_type: "bucket_level_monitor",
    search: {
      size: 0,
      query: { bool },
      aggregations: {
        [SEQUENCE_AGGREGATION]: {
          composite: { size: detection.maxSignals, sources },
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
          // != 0: a refusing bucket counts -1 and must alert too.
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
