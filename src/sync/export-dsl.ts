import type { Json, JsonObject } from "./target.ts";

/** EQL text for a Query DSL clause, or why there is none. */
export type DslTranslation = { readonly ok: true; readonly eql: string } | { readonly ok: false; readonly reason: string };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Translates the Query DSL subset dac's OpenSearch compiler emits (bool
 * filter/must/should/must_not, term, terms, wildcard, prefix, regexp, exists,
 * range, match_all) back to an EQL condition. Anything else (query_string,
 * script, match, nested, ...) has no exact EQL equivalent we can vouch for and
 * is refused with the clause named, so export never guesses.
 */
export function translateDslToEql(dsl: Json): DslTranslation {
  if (!isObject(dsl)) return refuse("a query clause is not an object");
  const keys = Object.keys(dsl);
  if (keys.length !== 1) return refuse(`a query clause has ${keys.length} keys (${keys.join(", ")})`);
  const kind = keys[0] as string;
  const body = dsl[kind];
  switch (kind) {
    case "bool":
      return translateBool(body);
    case "match_all":
      return { ok: true, eql: "true" };
    case "term":
      return translateLeaf(body, kind, (field, v, ci) => `${field} ${ci ? ":" : "=="} ${literal(v)}`);
    case "terms":
      return translateTerms(body);
    case "wildcard":
      return translateLeaf(body, kind, (field, v, ci) => `${field} ${ci ? "like~" : "like"} ${literal(v)}`, "wildcard");
    case "prefix":
      return translateLeaf(body, kind, (field, v, ci) => `startsWith${ci ? "~" : ""}(${field}, ${literal(v)})`);
    case "regexp":
      return translateLeaf(body, kind, (field, v, ci) => `${field} ${ci ? "regex~" : "regex"} ${literal(v)}`);
    case "exists":
      return isObject(body) && typeof body.field === "string" ? { ok: true, eql: `${body.field} != null` } : refuse("exists without a field");
    case "range":
      return translateRange(body);
    default:
      return refuse(`the "${kind}" query has no exact EQL equivalent`);
  }
}

function refuse(reason: string): DslTranslation {
  return { ok: false, reason };
}

function clauses(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function translateAll(list: readonly Json[]): { eqls: string[] } | { reason: string } {
  const eqls: string[] = [];
  for (const clause of list) {
    const t = translateDslToEql(clause);
    if (!t.ok) return { reason: t.reason };
    if (t.eql !== "true") eqls.push(t.eql);
  }
  return { eqls };
}

function translateBool(body: Json | undefined): DslTranslation {
  if (!isObject(body)) return refuse("bool is not an object");
  const known = new Set(["filter", "must", "should", "must_not", "minimum_should_match", "boost", "adjust_pure_negative"]);
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length > 0) return refuse(`bool has ${unknown.join(", ")}`);
  const parts: string[] = [];
  const conjuncts = [...clauses(body.filter), ...clauses(body.must)];
  const all = translateAll(conjuncts);
  if ("reason" in all) return refuse(all.reason);
  parts.push(...all.eqls.map(wrap));
  const should = clauses(body.should);
  if (should.length > 0) {
    const msm = body.minimum_should_match;
    // Without must/filter, Elasticsearch requires one should clause; with them,
    // should only scores unless minimum_should_match says otherwise.
    const required = msm === undefined ? conjuncts.length === 0 : String(msm) === "1";
    if (!required) return refuse(`bool.should with minimum_should_match ${JSON.stringify(msm ?? null)} only scores`);
    const any = translateAll(should);
    if ("reason" in any) return refuse(any.reason);
    parts.push(any.eqls.length === 1 ? wrap(any.eqls[0] as string) : `(${any.eqls.join(" or ")})`);
  }
  const none = translateAll(clauses(body.must_not));
  if ("reason" in none) return refuse(none.reason);
  parts.push(...none.eqls.map((e) => `not ${wrap(e)}`));
  return { ok: true, eql: parts.length === 0 ? "true" : parts.join(" and ") };
}

// Parenthesise anything with a top-level operator so `and`/`or`/`not` keep their meaning.
function wrap(eql: string): string {
  return /\s(and|or)\s/.test(eql) && !(eql.startsWith("(") && eql.endsWith(")")) ? `(${eql})` : eql;
}

function translateLeaf(
  body: Json | undefined,
  kind: string,
  render: (field: string, value: string | number | boolean, caseInsensitive: boolean) => string,
  valueKey = "value",
): DslTranslation {
  if (!isObject(body)) return refuse(`${kind} is not an object`);
  const [field, spec] = Object.entries(body)[0] ?? [];
  if (field === undefined || spec === undefined) return refuse(`${kind} without a field`);
  const inner = isObject(spec) ? spec : { [valueKey]: spec };
  const value = inner[valueKey] ?? inner.value;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return refuse(`${kind} on ${field} has no scalar value`);
  return { ok: true, eql: render(field, value, inner.case_insensitive === true) };
}

function translateTerms(body: Json | undefined): DslTranslation {
  if (!isObject(body)) return refuse("terms is not an object");
  const entries = Object.entries(body).filter(([k]) => k !== "boost");
  const [field, values] = entries[0] ?? [];
  if (entries.length !== 1 || field === undefined || !Array.isArray(values)) return refuse("terms needs one field with a list of values");
  if (!values.every((v) => typeof v === "string" || typeof v === "number")) return refuse(`terms on ${field} has non-scalar values`);
  return { ok: true, eql: `${field} in (${values.map((v) => literal(v as string | number)).join(", ")})` };
}

const RANGE_OPS: Record<string, string> = { gte: ">=", gt: ">", lte: "<=", lt: "<" };

function translateRange(body: Json | undefined): DslTranslation {
  if (!isObject(body)) return refuse("range is not an object");
  const [field, spec] = Object.entries(body)[0] ?? [];
  if (field === undefined || !isObject(spec)) return refuse("range without a field");
  const parts: string[] = [];
  for (const [op, value] of Object.entries(spec)) {
    if (op === "format" || op === "boost") continue;
    const eqlOp = RANGE_OPS[op];
    if (eqlOp === undefined || (typeof value !== "number" && typeof value !== "string")) return refuse(`range on ${field} uses ${op}`);
    if (typeof value === "string" && /\{\{|now/.test(value)) return refuse(`range on ${field} is relative to the run time (${value})`);
    parts.push(`${field} ${eqlOp} ${literal(value)}`);
  }
  return parts.length === 0 ? refuse(`range on ${field} has no bounds`) : { ok: true, eql: parts.join(" and ") };
}

/** An EQL literal: numbers and booleans bare, strings double-quoted with EQL escapes. */
function literal(value: string | number | boolean): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
