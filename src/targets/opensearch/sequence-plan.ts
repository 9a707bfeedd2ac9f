import { errorDiagnostic, type Diagnostic } from "../../diagnostics/index.ts";
import type { EventFilter, Expr, SequenceQuery, SequenceStage } from "../../eql/index.ts";
import type { Json, JsonObject } from "./json.ts";
import { UNSUPPORTED } from "./query-dsl.ts";

/**
 * A sequence query laid out for the Painless matcher: the written stages
 * become named queries (`s0`, `s1`, … and `until`), each scoring its own bit
 * (named filter k scores 2^k, so an event's `_score` is the set of stages it
 * matches), and `with runs=N` is expanded into N consecutive matcher stages
 * that share one named query. Join keys are also laid out per key position
 * (the composite aggregation has one source per position). Everything here
 * travels to the aggregation as script params, so the scripts themselves are
 * fixed programs (compiled once per node, not once per monitor).
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

/** One join-key position: every field some stage (or until) joins on there. */
export interface KeyPosition {
  readonly fields: readonly string[];
  /** The fields of `fields` that some stage reads as `?optional` at this position. */
  readonly optionalFields: readonly string[];
}

/** `![…]`: leading (before every positive stage), trailing (after all), or middle (just before positive stage `before`). */
export interface MissingStage extends StageKeys {
  readonly query: string;
  readonly position: "leading" | "middle" | "trailing";
  readonly before: number;
}

export interface SequencePlan {
  /** One per written stage (and `until`), in query order. */
  readonly namedFilters: readonly NamedFilter[];
  /** Matcher stages after runs expansion: the named query each one tests and its join keys. */
  readonly stages: readonly ({ readonly query: string } & StageKeys)[];
  /** Missing-event stages `![…]` (after runs expansion), each placed relative to the positive stages. */
  readonly missing: readonly MissingStage[];
  readonly until: ({ readonly query: string } & StageKeys) | null;
  readonly maxspanMillis: number | null;
  /** Every join-key field (the map script reads their doc values). */
  readonly keyFields: readonly string[];
  readonly positions: readonly KeyPosition[];
}

/**
 * `_score` is a float: sums of distinct powers of two stay exact up to 2^23,
 * so at most 24 named filters (written stages plus until) fit the stage mask.
 */
export const MAX_NAMED_FILTERS = 24;

export const UNTIL_QUERY_NAME = "until";

export function planSequence(query: SequenceQuery, diagnostics: Diagnostic[]): SequencePlan | undefined {
  const before = diagnostics.length;
  const namedFilters: NamedFilter[] = [];
  const stages: ({ query: string } & StageKeys)[] = [];
  const missingAt: ({ query: string } & StageKeys & { before: number })[] = [];
  query.stages.forEach((stage, index) => {
    const name = `s${index}`;
    namedFilters.push({ name, filter: stage.filter });
    const keys = stageKeys(query.keys, stage, diagnostics);
    for (let run = 0; run < Math.max(1, stage.runs); run++) {
      if (stage.missing) missingAt.push({ query: name, ...keys, before: stages.length });
      else stages.push({ query: name, ...keys });
    }
  });
  // As the engine's plan: a missing stage before every positive one leads, after all of them trails.
  const missing: MissingStage[] = missingAt.map(({ before, ...m }) => ({
    ...m,
    position: before === 0 ? "leading" : before === stages.length ? "trailing" : "middle",
    before,
  }));
  let until: SequencePlan["until"] = null;
  if (query.until) {
    namedFilters.push({ name: UNTIL_QUERY_NAME, filter: query.until.filter });
    until = { query: UNTIL_QUERY_NAME, ...stageKeys(query.keys, query.until, diagnostics) };
  }
  if (namedFilters.length > MAX_NAMED_FILTERS) {
    diagnostics.push(errorDiagnostic(UNSUPPORTED, `the opensearch target supports at most ${MAX_NAMED_FILTERS} stages (until included) in a sequence`, { range: query.range }));
  }
  const keyed = [...stages, ...missing, ...(until ? [until] : [])];
  const width = keyed[0]?.fields.length ?? 0;
  if (keyed.some((s) => s.fields.length !== width)) {
    diagnostics.push(errorDiagnostic(UNSUPPORTED, "every stage of a sequence must join on the same number of keys", { range: query.range }));
  }
  if (diagnostics.length > before) return undefined;
  const keyFields = [...new Set(keyed.flatMap((s) => s.fields))];
  return { namedFilters, stages, missing, until, maxspanMillis: query.maxspan?.millis ?? null, keyFields, positions: planKeyPositions(keyed, width) };
}

function planKeyPositions(keyed: readonly StageKeys[], width: number): KeyPosition[] {
  return Array.from({ length: width }, (_, j) => ({
    fields: [...new Set(keyed.map((s) => s.fields[j] as string))],
    optionalFields: [...new Set(keyed.filter((s) => s.optional[j]).map((s) => s.fields[j] as string))],
  }));
}

/** Bit index of a named filter in the stage mask (its position in namedFilters). */
export function namedFilterBit(plan: Pick<SequencePlan, "namedFilters">, name: string): number {
  const bit = plan.namedFilters.findIndex((f) => f.name === name);
  if (bit < 0) throw new Error(`no named filter ${name}`);
  return bit;
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

/** The scripted metric's params (see sequence-script.ts for how each is used). */
export function sequenceScriptParams(
  plan: SequencePlan,
  fields: { readonly timestampField: string; readonly tiebreakerField?: string | undefined; readonly entityField: string },
  limit: number,
  output: "count" | "sequences",
): JsonObject {
  const keys = (s: { readonly query: string } & StageKeys): JsonObject => ({ b: namedFilterBit(plan, s.query), keys: [...s.fields], optional: [...s.optional] as Json[] });
  // No nulls: scripted_metric deep-copies its params and fails on a null value ("original is null", 2.19).
  const params: JsonObject = {
    output,
    ts: fields.timestampField,
    tiebreaker: fields.tiebreakerField ?? "",
    entity: fields.entityField,
    fields: [...plan.keyFields],
    positions: plan.positions.map((p) => ({ fields: [...p.fields], optional: [...p.optionalFields] })),
    stages: plan.stages.map(keys),
    maxspan: plan.maxspanMillis ?? -1,
    limit,
  };
  if (plan.until) params.until = keys(plan.until);
  params.missing = plan.missing.map((m) => ({ ...keys(m), pos: m.position, before: m.before }));
  return params;
}
