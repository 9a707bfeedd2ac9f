/**
 * A sequence query compiled for the matcher: `runs=N` expanded, positive and
 * missing stages separated, each stage's effective keys (shared then own), and
 * filters deduplicated so an event is tested once per distinct written stage.
 */
import type { SequenceQuery, SequenceStage } from "../ast.ts";
import type { CompileContext } from "./compile-context.ts";
import type { FieldReader } from "./field-access.ts";
import { compileEventFilter, type EventPredicate } from "./filter.ts";
import { compileKeyExtractor, type KeyExtractor } from "./join-keys.ts";

export interface StagePlan {
  /** Index into `SequencePlan.filters` (shared by the copies of a `runs` stage). */
  readonly filter: number;
  readonly keys: KeyExtractor;
}

/** Where a missing stage sits relative to the positive stages. */
export type MissingPosition = { readonly kind: "leading" } | { readonly kind: "trailing" } | { readonly kind: "middle"; readonly before: number };

export interface MissingStagePlan extends StagePlan {
  readonly position: MissingPosition;
}

export interface SequencePlan {
  readonly filters: readonly EventPredicate[];
  readonly positives: readonly StagePlan[];
  readonly missing: readonly MissingStagePlan[];
  readonly until: StagePlan | null;
  readonly maxspan: number | null;
  /** Output layout: `true` for a positive slot, `false` for a missing placeholder. */
  readonly layout: readonly boolean[];
  readonly hasLeading: boolean;
  readonly hasTrailing: boolean;
}

/** Compiles a sequence query into a plan. */
export function compileSequencePlan(query: SequenceQuery, category: FieldReader, ctx: CompileContext): SequencePlan {
  const filters: EventPredicate[] = [];
  const compileStage = (stage: SequenceStage): StagePlan => {
    filters.push(compileEventFilter(stage.filter, category, ctx));
    return { filter: filters.length - 1, keys: compileKeyExtractor([...query.keys, ...stage.keys], ctx) };
  };
  const positives: StagePlan[] = [];
  const missingStages: { plan: StagePlan; positivesBefore: number }[] = [];
  const layout: boolean[] = [];
  for (const stage of query.stages) {
    const plan = compileStage(stage);
    for (let run = 0; run < Math.max(1, stage.runs); run++) {
      layout.push(!stage.missing);
      if (stage.missing) missingStages.push({ plan, positivesBefore: positives.length });
      else positives.push(plan);
    }
  }
  const missing = missingStages.map(({ plan, positivesBefore }): MissingStagePlan => {
    const position: MissingPosition =
      positivesBefore === 0 ? { kind: "leading" } : positivesBefore === positives.length ? { kind: "trailing" } : { kind: "middle", before: positivesBefore };
    return { ...plan, position };
  });
  return {
    filters,
    positives,
    missing,
    until: query.until ? compileStage(query.until) : null,
    maxspan: query.maxspan?.millis ?? null,
    layout,
    hasLeading: missing.some((m) => m.position.kind === "leading"),
    hasTrailing: missing.some((m) => m.position.kind === "trailing"),
  };
}
