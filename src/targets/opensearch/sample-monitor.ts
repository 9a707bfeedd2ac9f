import type { ResolvedDetection } from "../../detection/index.ts";
import type { Dsl } from "./dsl.ts";
import type { JsonObject } from "./json.ts";
import { compileJoinMonitorParts, MAX_JOIN_CANDIDATES, PAINLESS_LOOP_BUDGET } from "./join-monitor.ts";
import { sampleScriptParams, type SamplePlan } from "./sample-plan.ts";
import { SAMPLE_REDUCE_SCRIPT } from "./sample-script.ts";

/**
 * Sample query -> bucket-level join monitor (join-monitor.ts) whose reducer
 * is the sampler (sample-script.ts): one sample per key tuple, as EQL's
 * default `max_samples_per_key` of 1.
 * Bounds: Painless stops a script after 1,000,000 loop iterations, so a
 * bucket takes at most sampleCandidateLimit events and refuses (an alert
 * saying so) beyond it.
 */
export function sampleCandidateLimit(plan: SamplePlan): number {
  const n = plan.stages.length;
  // Per event: offering it to each filter's key tuples, the own-key derivation, sorting; plus at most n² assignment tries of n^n steps each.
  const perEvent = n * (1 + plan.keyFields.length * 2) + 2 * plan.keyFields.length + 8;
  const assignments = n * n * n ** n;
  return Math.max(0, Math.min(MAX_JOIN_CANDIDATES, Math.floor((PAINLESS_LOOP_BUDGET - assignments) / perEvent / 2)));
}

export function compileSampleMonitorParts(detection: ResolvedDetection, plan: SamplePlan, scoredFilters: readonly Dsl[], window: Dsl, exceptions: readonly Dsl[], severity: string): JsonObject {
  const limit = sampleCandidateLimit(plan);
  return compileJoinMonitorParts({
    detection,
    scoredFilters,
    window,
    exceptions,
    severity,
    positions: plan.positions,
    reduceScript: SAMPLE_REDUCE_SCRIPT,
    params: (output) => sampleScriptParams(plan, detection, limit, output),
  });
}
