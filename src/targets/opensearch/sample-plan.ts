import { errorDiagnostic, type Diagnostic } from "../../diagnostics/index.ts";
import type { Expr, SampleQuery } from "../../eql/index.ts";
import type { Json, JsonObject } from "./json.ts";
import { UNSUPPORTED } from "./query-dsl.ts";
import { type KeyPosition, type NamedFilter, type StageKeys } from "./sequence-plan.ts";

/**
 * A `sample` query laid out for the Painless sampler (sample-script.ts): each
 * filter becomes a named query `s<k>` scoring 2^k (an event's `_score` is the
 * set of filters it matches, as for sequences), with its join keys (shared
 * keys then the filter's own) and, per key position, every field some filter
 * joins on there (the composite aggregation has one source per position).
 */
export interface SamplePlan {
  readonly namedFilters: readonly NamedFilter[];
  readonly stages: readonly ({ readonly query: string } & StageKeys)[];
  readonly keyFields: readonly string[];
  readonly positions: readonly KeyPosition[];
}

/** Elasticsearch's own limit; it also bounds the sampler's backtracking (n^n tries). */
export const MAX_SAMPLE_FILTERS = 5;

export function planSample(query: SampleQuery, diagnostics: Diagnostic[]): SamplePlan | undefined {
  const before = diagnostics.length;
  const namedFilters: NamedFilter[] = [];
  const stages: ({ query: string } & StageKeys)[] = [];
  query.stages.forEach((stage, index) => {
    const name = `s${index}`;
    namedFilters.push({ name, filter: stage.filter });
    stages.push({ query: name, ...sampleKeys([...query.keys, ...stage.keys], diagnostics) });
  });
  if (namedFilters.length > MAX_SAMPLE_FILTERS) {
    diagnostics.push(errorDiagnostic(UNSUPPORTED, `the opensearch target supports at most ${MAX_SAMPLE_FILTERS} filters in a sample, as Elasticsearch`, { range: query.range }));
  }
  // A refused key leaves its filter a key short: report the key, not the count.
  if (diagnostics.length > before) return undefined;
  const width = stages[0]?.fields.length ?? 0;
  if (stages.some((s) => s.fields.length !== width)) {
    diagnostics.push(errorDiagnostic(UNSUPPORTED, "every filter of a sample must join on the same number of keys", { range: query.range }));
  }
  if (diagnostics.length > before) return undefined;
  const positions = Array.from({ length: width }, (_, j) => ({
    fields: [...new Set(stages.map((s) => s.fields[j] as string))],
    optionalFields: [...new Set(stages.filter((s) => s.optional[j]).map((s) => s.fields[j] as string))],
  }));
  return { namedFilters, stages, keyFields: [...new Set(stages.flatMap((s) => s.fields))], positions };
}

function sampleKeys(keys: readonly Expr[], diagnostics: Diagnostic[]): StageKeys {
  const fields: string[] = [];
  const optional: boolean[] = [];
  for (const key of keys) {
    if (key.kind !== "field") {
      // A computed key would need the expression interpreter inside the aggregation; no rule needs it.
      diagnostics.push(errorDiagnostic(UNSUPPORTED, "join keys other than plain fields are not supported by the opensearch target", { range: key.range }));
      continue;
    }
    fields.push(key.name);
    optional.push(key.optional);
  }
  return { fields, optional };
}

/** The sampler's params (see sample-script.ts); no nulls (scripted_metric cannot deep-copy them). */
export function sampleScriptParams(plan: SamplePlan, fields: { readonly timestampField: string; readonly tiebreakerField?: string | undefined; readonly entityField: string }, limit: number, output: "count" | "sequences"): JsonObject {
  return {
    output,
    ts: fields.timestampField,
    tiebreaker: fields.tiebreakerField ?? "",
    entity: fields.entityField,
    fields: [...plan.keyFields],
    positions: plan.positions.map((p) => ({ fields: [...p.fields], optional: [...p.optionalFields] })),
    stages: plan.stages.map((s, b) => ({ b, keys: [...s.fields], optional: [...s.optional] as Json[] })),
    limit,
  };
}
