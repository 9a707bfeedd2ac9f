import type { ResolvedDetection } from "../../detection/index.ts";
import type { Pipe } from "../../eql/index.ts";
import type { Dsl } from "./dsl.ts";
import type { JsonObject } from "./json.ts";
import { compileJoinMonitorParts, MAX_JOIN_CANDIDATES, PAINLESS_LOOP_BUDGET } from "./join-monitor.ts";
import { sequenceScriptParams, type SequencePlan } from "./sequence-plan.ts";
import { SEQUENCE_REDUCE_SCRIPT } from "./sequence-script.ts";

/**
 * Sequence query -> bucket-level join monitor (join-monitor.ts) whose reducer
 * is the sequence matcher (sequence-script.ts).
 * Bounds: the matcher spends about (stages × (1 + 2 × keys) + until + key
 * fields + 8) iterations per event, twice over (the sort), so a bucket takes
 * at most sequenceCandidateLimit events of the 1,000,000-iteration Painless
 * budget.
 */
export function sequenceCandidateLimit(plan: SequencePlan): number {
  const perEvent = (plan.stages.length + 2 * plan.missing.length) * (1 + plan.keyFields.length * 2) + 2 * (plan.until ? 1 : 0) + 2 * plan.keyFields.length + 8;
  return Math.min(MAX_JOIN_CANDIDATES, Math.floor(PAINLESS_LOOP_BUDGET / perEvent / 2));
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
  const limit = sequenceCandidateLimit(plan);
  const pipeParams: JsonObject = pipes.length > 0 ? { pipes: pipes.map((p) => ({ kind: p.kind, n: p.count })) } : {};
  return compileJoinMonitorParts({
    detection,
    scoredFilters: scoredStages,
    window,
    exceptions,
    severity,
    // Head/tail pipes rank every key's sequences together: the whole window is one bucket.
    positions: pipes.length === 0 ? plan.positions : [],
    reduceScript: SEQUENCE_REDUCE_SCRIPT,
    params: (output) => ({ ...sequenceScriptParams(plan, detection, limit, output), ...pipeParams }),
  });
}
