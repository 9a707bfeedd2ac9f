import type { ResolvedDetection } from "../../detection/index.ts";
import type { Dsl } from "./dsl.ts";
import { triggerName } from "./event-monitor.ts";
import type { JsonObject } from "./json.ts";
import { sequenceScriptParams, type SequencePlan } from "./sequence-plan.ts";
import { SEQUENCE_TRIGGER_SCRIPT } from "./sequence-script.ts";

/**
 * Sequence query -> query-level monitor: the search returns every candidate
 * event of the window (any stage or until), in EQL order, with one named query
 * per stage; the Painless trigger (sequence-script.ts) runs the matcher.
 *
 * Bounds: the Alerting search is capped by index.max_result_window (10,000)
 * and Painless by 1,000,000 loop iterations per script. The matcher spends
 * about (stages + key values + 4) iterations per hit, so the page shrinks for
 * long (runs-expanded) sequences to stay inside the loop budget; when the
 * window holds more candidates than the page, the script refuses (throws)
 * rather than miss sequences.
 */
export const MAX_RESULT_WINDOW = 10_000;
export const PAINLESS_LOOP_BUDGET = 1_000_000;

export function sequenceSearchSize(plan: SequencePlan): number {
  const perHit = plan.stages.length * (1 + plan.keyFields.length * 2) + 2 * (plan.until ? 1 : 0) + 8;
  return Math.min(MAX_RESULT_WINDOW, Math.floor(PAINLESS_LOOP_BUDGET / perHit / 2));
}

export function compileSequenceMonitorParts(
  detection: ResolvedDetection,
  plan: SequencePlan,
  namedStages: readonly Dsl[],
  window: Dsl,
  exceptions: readonly Dsl[],
  severity: string,
): JsonObject {
  const bool: JsonObject = { filter: [window], should: [...namedStages], minimum_should_match: 1 };
  if (exceptions.length > 0) bool.must_not = [...exceptions];
  const sort: JsonObject[] = [{ [detection.timestampField]: { order: "asc" } }];
  if (detection.tiebreakerField) sort.push({ [detection.tiebreakerField]: { order: "asc", missing: "_last", unmapped_type: "long" } });
  // _doc: index order within the shard, the input order EQL falls back to.
  sort.push({ _doc: { order: "asc" } });
  const docvalueFields = [...new Set([...plan.keyFields, detection.entityField])].map((field) => ({ field }));
  return {
    monitor_type: "query_level_monitor",
    search: {
      size: sequenceSearchSize(plan),
      track_total_hits: true,
      _source: false,
      sort,
      docvalue_fields: docvalueFields,
      query: { bool },
    },
    trigger: {
      query_level_trigger: {
        name: triggerName(detection),
        severity,
        condition: { script: { source: SEQUENCE_TRIGGER_SCRIPT, lang: "painless", params: sequenceScriptParams(plan, detection.entityField) } },
        actions: [],
      },
    },
  };
}
