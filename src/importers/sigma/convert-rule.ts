/**
 * One Sigma rule -> its EQL event query, in pySigma's fixed order: select the
 * pipeline items for the rule's logsource, map fields while emitting the
 * condition (recording provenance), prepend the logsource's query conditions,
 * then check the result exactly as `dac validate` will (EQL fields and types,
 * and what the OpenSearch target can evaluate), so a rule that would fail
 * later is refused now with the reason.
 */
import type { Diagnostic, SourceRange } from "../../diagnostics/index.ts";
import { checkEql, defaultFieldSchema, parseEql, tryCompileEqlQuery, type EventFilter, type Query } from "../../eql/index.ts";
import { compileFilterDsl } from "../../targets/opensearch/index.ts";
import { parseCondition } from "./condition.ts";
import { emitCondition, Refusal } from "./emit-eql.ts";
import { formatEqlField, quoteEqlString } from "./eql-text.ts";
import type { FieldProvenance, RulePipeline } from "./pipeline-apply.ts";
import { selectRulePipeline } from "./pipeline-apply.ts";
import type { Pipeline } from "./pipeline-schema.ts";
import type { SigmaDetectionGroup, SigmaRule } from "./rule-model.ts";

export interface ConvertedCondition {
  /** The EQL boolean expression, logsource conditions included. */
  readonly expression: string;
  readonly pipeline: RulePipeline;
  readonly provenance: readonly FieldProvenance[];
}

export type ConvertResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: RuleRefusal };

/** Why a rule was not imported: a stable code, the reason, where. */
export interface RuleRefusal {
  readonly code: string;
  readonly message: string;
  readonly range?: SourceRange;
}

export function conditionRange(rule: { conditionRange: SourceRange }, offset: number): SourceRange {
  // Conditions are one line in practice; a quoted condition would be off by its opening quote.
  const start = rule.conditionRange.start;
  return { ...rule.conditionRange, start: { line: start.line, column: start.column + offset, offset: start.offset + offset }, end: rule.conditionRange.end };
}

/** The logsource's own conditions (`winlog.channel == "Security"`), ANDed. */
export function logsourceExpression(pipeline: RulePipeline): string {
  const parts = Object.entries(pipeline.logsource.conditions).map(([field, values]) => {
    const literals = values.map((v) => (typeof v === "number" ? String(v) : quoteEqlString(v)));
    return literals.length === 1 ? `${formatEqlField(field)} == ${literals[0]}` : `${formatEqlField(field)} in (${literals.join(", ")})`;
  });
  return parts.join(" and ");
}

export function convertCondition(rule: { logsource: SigmaRule["logsource"]; detections: ReadonlyMap<string, SigmaDetectionGroup>; condition: string; conditionRange: SourceRange }, pipelines: readonly Pipeline[]): ConvertResult<ConvertedCondition> {
  const selected = selectRulePipeline(pipelines, rule.logsource);
  if (!selected.ok) return { ok: false, refusal: { code: "sigma/unsupported-logsource", message: selected.reason, range: rule.conditionRange } };
  const parsed = parseCondition(rule.condition);
  if (!parsed.ok) return { ok: false, refusal: { code: "sigma/invalid-condition", message: parsed.message, range: conditionRange(rule, parsed.offset) } };
  const provenance = new Map<string, FieldProvenance>();
  try {
    const body = emitCondition(parsed.value, { pipeline: selected.value, detections: rule.detections, provenance, conditionRange: rule.conditionRange });
    const source = logsourceExpression(selected.value);
    const expression = source === "" ? body : `${source} and ${/ or /.test(body) ? `(${body})` : body}`;
    return { ok: true, value: { expression, pipeline: selected.value, provenance: [...provenance.values()] } };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, refusal: { code: e.code, message: e.message, ...(e.range ? { range: e.range } : {}) } };
    throw e;
  }
}

/**
 * The checks `dac validate --env` runs on a query, for both targets: EQL
 * syntax, fields and types (Elastic), and every filter compiling to
 * OpenSearch Query DSL. The first error is the refusal.
 */
export function checkQueryForTargets(query: string, fieldTypes: Readonly<Record<string, string>>): RuleRefusal | undefined {
  const parsed = parseEql(query);
  if (!parsed.ok) return firstError(parsed.diagnostics, "eql");
  const checked = checkEql(parsed.value, schemaFor(fieldTypes));
  const eqlError = firstError([...parsed.diagnostics, ...checked], "eql");
  if (eqlError) return eqlError;
  // What only compiling finds (a regex Lucene rejects), as `dac validate` compiles it.
  const compiled = tryCompileEqlQuery(parsed.value);
  if (!compiled.ok) return firstError(compiled.diagnostics, "eql");
  for (const filter of filtersOf(parsed.value)) {
    const dsl = compileFilterDsl(filter, { eventCategoryField: "event.category" });
    if (!dsl.ok) return firstError(dsl.diagnostics, "opensearch");
  }
  return undefined;
}

// Building the ECS + Windows schema costs more than checking a query: one per pipeline's field types.
const schemas = new Map<string, ReturnType<typeof defaultFieldSchema>>();
function schemaFor(fieldTypes: Readonly<Record<string, string>>): ReturnType<typeof defaultFieldSchema> {
  const key = JSON.stringify(fieldTypes);
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = defaultFieldSchema(fieldTypes)));
  return schema;
}

function filtersOf(query: Query): EventFilter[] {
  if (query.kind === "event") return [query.filter];
  if (query.kind === "sequence") return query.stages.map((s) => s.filter);
  return [];
}

function firstError(diagnostics: readonly Diagnostic[], target: string): RuleRefusal | undefined {
  const d = diagnostics.find((x) => x.severity === "error");
  return d ? { code: d.code, message: `${target}: ${d.message}` } : undefined;
}
