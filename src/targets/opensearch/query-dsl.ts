import { errorDiagnostic, fail, ok, type Diagnostic, type Result, type SourceRange } from "../../diagnostics/index.ts";
import type { Comparison, EventFilter, Expr, FunctionCall, Membership, PatternMatch } from "../../eql/index.ts";
import { foldedLuceneRegexp } from "./fold-lucene-regex.ts";
import { foldRegexp, foldsAsAscii, MAX_REGEX_LENGTH, wildcardSegments, type FoldSegment } from "./fold-regexp.ts";
import { fieldPredicateQuery, isConstantExpr, UNSUPPORTED, valueConditionQuery } from "./expr-tree.ts";
import {
  escapeWildcardLiteral,
  eqlPatternToWildcard,
  existsQuery,
  filterAllQuery,
  hasWildcard,
  matchAllQuery,
  matchNoneQuery,
  mustNotQuery,
  prefixQuery,
  rangeQuery,
  regexpQuery,
  shouldAnyQuery,
  termQuery,
  termsQuery,
  wildcardQuery,
  type Dsl,
  type RangeOp,
} from "./dsl.ts";

/**
 * EQL condition -> Query DSL with EQL's own semantics, as Elasticsearch pushes
 * them down to Lucene:
 *  - field predicates (`==`, `:`, `like`, `regex`, `in`, startsWith, endsWith,
 *    stringContains, cidrMatch) are true when ANY value of the field matches;
 *    their negation (`!=`, `not …`, `not in`) is the set complement, so it is
 *    true when the field is missing;
 *  - range comparisons are false on a missing field and `not` flips the
 *    operator (`not x > 5` is `x <= 5`), so they stay false on a missing field;
 *  - `== null` / `!= null` are existence tests.
 * Negation is pushed down to the leaves (De Morgan), as EQL's optimizer does.
 * What Lucene cannot do exactly (functions over fields or over functions,
 * field-to-field comparisons, arithmetic, constants that are expressions,
 * case-insensitive matches of non-ASCII letters) runs as the Painless
 * interpreter of expr-script.ts, leaf by leaf, with the engine's split between
 * field predicates and script conditions (expr-tree.ts). `regex~` on a field
 * stays a `regexp` query, its literals written as fold classes where needed
 * (fold-lucene-regex.ts). The few things left are refused with
 * `opensearch/unsupported`: nothing is approximated.
 */
export { UNSUPPORTED };

export interface FilterDslOptions {
  /** Field that `process where …` tests; `event.category` unless the detection overrides it. */
  readonly eventCategoryField: string;
}

/** `category where condition` -> one query (category term AND condition). */
export function compileFilterDsl(filter: EventFilter, options: FilterDslOptions): Result<Dsl> {
  const condition = compileConditionDsl(filter.condition);
  if (!condition.ok) return condition;
  if (filter.category === null) return condition;
  const category = termQuery(options.eventCategoryField, filter.category);
  return ok(filterAllQuery(isMatchAll(condition.value) ? [category] : [category, condition.value]));
}

/** An EQL boolean expression -> one query, or every construct it cannot express exactly. */
export function compileConditionDsl(expr: Expr): Result<Dsl> {
  const diagnostics: Diagnostic[] = [];
  const query = compileExpr(expr, false, diagnostics);
  return diagnostics.length > 0 || query === undefined ? fail(diagnostics) : ok(query);
}

function isMatchAll(query: Dsl): boolean {
  return "match_all" in query;
}

function unsupported(diagnostics: Diagnostic[], range: SourceRange, what: string): undefined {
  diagnostics.push(
    errorDiagnostic(UNSUPPORTED, `OpenSearch cannot evaluate ${what} exactly in a query; the opensearch target refuses it`, { range }),
  );
  return undefined;
}

/** `negated`: the expression sits under an odd number of `not`s (pushed down to the leaves). */
function compileExpr(expr: Expr, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  switch (expr.kind) {
    case "not":
      return compileExpr(expr.operand, !negated, diagnostics);
    case "logical": {
      const left = compileExpr(expr.left, negated, diagnostics);
      const right = compileExpr(expr.right, negated, diagnostics);
      if (left === undefined || right === undefined) return undefined;
      // De Morgan: under a negation `and` becomes `or` and vice versa.
      const conjunction = (expr.op === "and") !== negated;
      return conjunction ? { bool: { filter: [left, right] } } : { bool: { should: [left, right], minimum_should_match: 1 } };
    }
    case "literal":
      // `where true`; any other literal is not a boolean, so null: never matches.
      return typeof expr.value === "boolean" && expr.value !== negated ? matchAllQuery() : matchNoneQuery();
    case "compare":
      return compileComparison(expr, negated, diagnostics);
    case "in":
      return compileMembership(expr, negated, diagnostics);
    case "match":
      return compilePatternMatch(expr, negated, diagnostics);
    case "call":
      return compileFunctionCondition(expr, negated, diagnostics);
    case "field":
      // A bare (boolean) field is pushed down as a term query for `true`.
      return polar(termQuery(expr.name, true), negated);
    case "arithmetic":
    case "unary":
      // A number (or null) is never `true`, in either polarity.
      return matchNoneQuery();
  }
}

/** Field predicates: the query when positive, its complement when negated. */
function polar(query: Dsl, negated: boolean): Dsl {
  return negated ? mustNotQuery(query) : query;
}

const FLIP_OPERANDS: Record<string, Comparison["op"]> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const NEGATE_RANGE: Record<RangeOp, RangeOp> = { gt: "lte", gte: "lt", lt: "gte", lte: "gt" };
const RANGE_OPS: Record<string, RangeOp> = { "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };

function compileComparison(expr: Comparison, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  // As the engine: `field op constant`, the field on the left when both sides are fields.
  let { left, right, op } = expr;
  if (left.kind !== "field" && right.kind === "field") {
    [left, right] = [right, left];
    op = FLIP_OPERANDS[op] ?? op;
  }
  if (left.kind !== "field" || !isConstantExpr(right)) return valueConditionQuery(expr, negated, diagnostics);
  if (right.kind !== "literal" || (typeof right.value === "boolean" && op !== "==" && op !== "!=")) {
    return fieldPredicateQuery(left, { k: "cmp", op }, [right], negated, diagnostics);
  }
  const field = left.name;
  const value = right.value;
  if (value === null) {
    if (op === "==" || op === "!=") return polar(mustNotQuery(existsQuery(field)), (op === "!=") !== negated);
    return matchNoneQuery(); // `x > null` is null in either polarity: never matches
  }
  if (op === "==") return polar(termQuery(field, value), negated);
  if (op === "!=") return polar(termQuery(field, value), !negated);
  const rangeOp = RANGE_OPS[op] as RangeOp;
  return rangeQuery(field, negated ? NEGATE_RANGE[rangeOp] : rangeOp, value as string | number);
}

/** Literal values of `exprs`, or undefined when one is not a non-null literal. */
function literalValues(exprs: readonly Expr[]): (string | number | boolean)[] | undefined {
  const out: (string | number | boolean)[] = [];
  for (const e of exprs) {
    if (e.kind !== "literal" || e.value === null) return undefined;
    out.push(e.value);
  }
  return out;
}

/**
 * A case-insensitive match of `segments` on `field`: Lucene's own
 * case_insensitive query when it folds every letter exactly, else a regexp of
 * fold classes (fold-regexp.ts); undefined when that regexp would exceed
 * `index.max_regex_length` (the caller then falls back to the script).
 */
function caseInsensitiveQuery(field: string, segments: readonly FoldSegment[], lucene: () => Dsl): Dsl | undefined {
  if (segments.every((s) => typeof s === "string" || foldsAsAscii(s.text))) return lucene();
  const pattern = foldRegexp(segments);
  return pattern.length <= MAX_REGEX_LENGTH ? regexpQuery(field, pattern, true) : undefined;
}

function compileMembership(expr: Membership, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  const value = expr.value;
  if (value.kind !== "field" || !expr.list.every(isConstantExpr)) return valueConditionQuery(expr, negated, diagnostics);
  const values = literalValues(expr.list);
  const polarity = expr.negated !== negated;
  const script = () => fieldPredicateQuery(value, { k: "eq", ci: expr.caseInsensitive }, expr.list, polarity, diagnostics);
  if (values === undefined) return script();
  if (!expr.caseInsensitive) return polar(termsQuery(value.name, values), polarity);
  // `terms` has no case_insensitive flag: one case-insensitive term per value.
  const queries = values.map((v) => (typeof v === "string" ? caseInsensitiveQuery(value.name, [{ text: v }], () => termQuery(value.name, v, true)) : termQuery(value.name, v)));
  if (queries.some((q) => q === undefined)) return script();
  return polar(shouldAnyQuery(queries as Dsl[]), polarity);
}

function compilePatternMatch(expr: PatternMatch, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  const value = expr.value;
  if (value.kind !== "field") return valueConditionQuery(expr, negated, diagnostics);
  const patterns = expr.patterns.map((p) => p.value);
  const strings = patterns.every((p): p is string => typeof p === "string");
  if (expr.op === "regex") {
    if (!strings) return unsupported(diagnostics, expr.range, "a non-string regex pattern");
    if (!expr.caseInsensitive) return polar(shouldAnyQuery((patterns as string[]).map((p) => regexpQuery(value.name, p, false))), negated);
    // `regex~`: literals folded to their fold classes where OpenSearch's ASCII-only flag falls short (fold-lucene-regex.ts).
    const folded = (patterns as string[]).map((p) => foldedLuceneRegexp(p) ?? { value: p, caseInsensitive: true });
    if (folded.some((f) => f.value.length > MAX_REGEX_LENGTH)) return unsupported(diagnostics, expr.range, "`regex~` whose case-folded pattern exceeds index.max_regex_length");
    return polar(shouldAnyQuery(folded.map((f) => regexpQuery(value.name, f.value, f.caseInsensitive))), negated);
  }
  const queries = strings ? patterns.map((p) => compileOnePattern(value.name, expr.caseInsensitive, p as string)) : [undefined];
  if (queries.some((q) => q === undefined)) {
    return fieldPredicateQuery(value, { k: "like", ci: expr.caseInsensitive }, expr.patterns, negated, diagnostics);
  }
  return polar(shouldAnyQuery(queries as Dsl[]), negated);
}

function compileOnePattern(field: string, caseInsensitive: boolean, pattern: string): Dsl | undefined {
  // Without `*`/`?` a like pattern is plain (case-(in)sensitive) equality.
  const lucene = () => (hasWildcard(pattern) ? wildcardQuery(field, eqlPatternToWildcard(pattern), caseInsensitive) : termQuery(field, pattern, caseInsensitive));
  return caseInsensitive ? caseInsensitiveQuery(field, wildcardSegments(pattern), lucene) : lucene();
}

/** Functions ES turns into queries when the first argument is a field and the rest are constants. */
const PUSHABLE = new Set(["startsWith", "endsWith", "stringContains", "cidrMatch"]);

function compileFunctionCondition(expr: FunctionCall, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  const [first, ...rest] = expr.args;
  if (!PUSHABLE.has(expr.name) || first?.kind !== "field" || !rest.every(isConstantExpr)) return valueConditionQuery(expr, negated, diagnostics);
  const strings = literalValues(rest);
  const exact = strings !== undefined && strings.every((s) => typeof s === "string");
  if (expr.name === "cidrMatch") {
    // A term/terms query on an `ip` field accepts CIDR notation.
    if (!exact) return unsupported(diagnostics, expr.range, "`cidrMatch` with blocks that are not string literals");
    return polar(termsQuery(first.name, strings as string[]), negated);
  }
  const script = () => fieldPredicateQuery(first, { k: "fn", f: expr.name, ci: expr.caseInsensitive }, rest, negated, diagnostics);
  if (!exact || rest.length !== 1) return script();
  const sub = strings[0] as string;
  const ci = expr.caseInsensitive;
  const field = first.name;
  let query: Dsl | undefined;
  if (expr.name === "startsWith") query = caseInsensitiveIf(ci, field, [{ text: sub }, "*"], () => prefixQuery(field, sub, ci));
  else if (expr.name === "endsWith") query = caseInsensitiveIf(ci, field, ["*", { text: sub }], () => wildcardQuery(field, `*${escapeWildcardLiteral(sub)}`, ci));
  // Elastic documents `stringContains(x, "")` as false (a wildcard `**`
  // would match everything); the in-memory engine follows the docs.
  else if (sub === "") query = matchNoneQuery();
  else query = caseInsensitiveIf(ci, field, ["*", { text: sub }, "*"], () => wildcardQuery(field, `*${escapeWildcardLiteral(sub)}*`, ci));
  return query === undefined ? script() : polar(query, negated);
}

function caseInsensitiveIf(ci: boolean, field: string, segments: readonly FoldSegment[], lucene: () => Dsl): Dsl | undefined {
  return ci ? caseInsensitiveQuery(field, segments, lucene) : lucene();
}
