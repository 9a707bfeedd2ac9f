import { errorDiagnostic, type Diagnostic } from "../../diagnostics/index.ts";
import type { EventFilter, Expr, SequenceQuery, SequenceStage } from "../../eql/index.ts";
import type { Json, JsonObject } from "./json.ts";
import { UNSUPPORTED } from "./query-dsl.ts";

/**
 * A sequence query laid out for the Painless matcher: the written stages
 * become named queries (`s0`, `s1`, … and `until`), and `with runs=N` is
 * expanded into N consecutive matcher stages that share one named query.
 * Everything here travels to the trigger as script params, so the script
 * itself is one fixed program (compiled once per node, not once per monitor).
 */
export interface StageKeys {
  readonly fields: readonly string[];
  /** `?field`: a missing value is a null key instead of dropping the event. */
  readonly optional: readonly boolean[];
}

export interface NamedFilter {
  readonly name: string;
  readonly filter: EventFilter;
}

export interface SequencePlan {
  /** One per written stage (and `until`), in query order. */
  readonly namedFilters: readonly NamedFilter[];
  /** Matcher stages after runs expansion: the named query each one tests and its join keys. */
  readonly stages: readonly ({ readonly query: string } & StageKeys)[];
  readonly until: ({ readonly query: string } & StageKeys) | null;
  readonly maxspanMillis: number | null;
  /** Every join-key field, for `docvalue_fields`. */
  readonly keyFields: readonly string[];
}

export const UNTIL_QUERY_NAME = "until";

export function planSequence(query: SequenceQuery, diagnostics: Diagnostic[]): SequencePlan | undefined {
  const before = diagnostics.length;
  const namedFilters: NamedFilter[] = [];
  const stages: ({ query: string } & StageKeys)[] = [];
  query.stages.forEach((stage, index) => {
    if (stage.missing) {
      diagnostics.push(errorDiagnostic(UNSUPPORTED, "missing-event stages `![…]` are not supported by the opensearch target", { range: stage.range }));
      return;
    }
    const name = `s${index}`;
    namedFilters.push({ name, filter: stage.filter });
    const keys = stageKeys(query.keys, stage, diagnostics);
    for (let run = 0; run < Math.max(1, stage.runs); run++) stages.push({ query: name, ...keys });
  });
  let until: SequencePlan["until"] = null;
  if (query.until) {
    namedFilters.push({ name: UNTIL_QUERY_NAME, filter: query.until.filter });
    until = { query: UNTIL_QUERY_NAME, ...stageKeys(query.keys, query.until, diagnostics) };
  }
  if (diagnostics.length > before) return undefined;
  const keyFields = [...new Set([...stages, ...(until ? [until] : [])].flatMap((s) => s.fields))];
  return { namedFilters, stages, until, maxspanMillis: query.maxspan?.millis ?? null, keyFields };
}

function stageKeys(shared: readonly Expr[], stage: SequenceStage, diagnostics: Diagnostic[]): StageKeys {
  const fields: string[] = [];
  const optional: boolean[] = [];
  for (const key of [...shared, ...stage.keys]) {
    if (key.kind !== "field") {
      diagnostics.push(errorDiagnostic(UNSUPPORTED, "join keys other than plain fields are not supported by the opensearch target", { range: key.range }));
      continue;
    }
    fields.push(key.name);
    optional.push(key.optional);
  }
  return { fields, optional };
}

/** The trigger script's params (see sequence-script.ts for how each is used). */
export function sequenceScriptParams(plan: SequencePlan, entityField: string): JsonObject {
  const keys = (s: { readonly query: string } & StageKeys): JsonObject => ({ q: s.query, keys: [...s.fields], optional: [...s.optional] as Json[] });
  return {
    stages: plan.stages.map(keys),
    until: plan.until ? keys(plan.until) : null,
    maxspan: plan.maxspanMillis ?? -1,
    entity: entityField,
  };
}
