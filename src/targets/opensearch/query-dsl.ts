import { errorDiagnostic, fail, ok, type Diagnostic, type Result, type SourceRange } from "../../diagnostics/index.ts";
import type { Comparison, EventFilter, Expr, FieldRef, FunctionCall, Literal, Membership, PatternMatch } from "../../eql/index.ts";
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
 * Everything else is refused with `opensearch/unsupported`: nothing is approximated.
 */
export const UNSUPPORTED = "opensearch/unsupported";

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

/**
 * OpenSearch builds case-insensitive term/wildcard/prefix/regexp automata for
 * ASCII letters only (AutomatonQueries.toCaseInsensitiveChar: "For now we only
 * work with ASCII characters"), while EQL folds Unicode case. A non-ASCII
 * letter in a case-insensitive literal would silently match less: refuse it.
 */
function checkAsciiFolding(text: string, range: SourceRange, diagnostics: Diagnostic[]): boolean {
  for (const ch of text) {
    if (ch.charCodeAt(0) > 127 && ch.toLowerCase() !== ch.toUpperCase()) {
      unsupported(diagnostics, range, `a case-insensitive match on the non-ASCII letter "${ch}" (OpenSearch folds ASCII letters only)`);
      return false;
    }
  }
  return true;
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
      return compileLiteralCondition(expr, negated, diagnostics);
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
      return unsupported(diagnostics, expr.range, "arithmetic as a condition");
  }
}

function compileLiteralCondition(expr: Literal, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  if (typeof expr.value === "boolean") return expr.value !== negated ? matchAllQuery() : matchNoneQuery();
  // `where null` (and `not null`) is null: the filter never matches.
  if (expr.value === null) return matchNoneQuery();
  return unsupported(diagnostics, expr.range, `the ${expr.valueType} literal as a condition`);
}

/** Field predicates: the query when positive, its complement when negated. */
function polar(query: Dsl, negated: boolean): Dsl {
  return negated ? mustNotQuery(query) : query;
}

const FLIP_OPERANDS: Record<string, Comparison["op"]> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const NEGATE_RANGE: Record<RangeOp, RangeOp> = { gt: "lte", gte: "lt", lt: "gte", lte: "gt" };
const RANGE_OPS: Record<string, RangeOp> = { "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };

function compileComparison(expr: Comparison, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  let { left, right, op } = expr;
  if (left.kind === "literal" && right.kind !== "literal") {
    [left, right] = [right, left];
    op = FLIP_OPERANDS[op] ?? op;
  }
  if (left.kind === "literal" && right.kind === "literal") {
    return unsupported(diagnostics, expr.range, "a comparison between two literals");
  }
  if (left.kind !== "field") return unsupported(diagnostics, left.range, describeOperand(left));
  if (right.kind !== "literal") {
    return unsupported(diagnostics, right.range, right.kind === "field" ? "a field-to-field comparison" : describeOperand(right));
  }
  const field = left.name;
  const value = right.value;
  if (value === null) {
    if (op === "==" || op === "!=") return polar(mustNotQuery(existsQuery(field)), (op === "!=") !== negated);
    return matchNoneQuery(); // `x > null` is null in either polarity: never matches
  }
  if (op === "==") return polar(termQuery(field, value), negated);
  if (op === "!=") return polar(termQuery(field, value), !negated);
  if (typeof value === "boolean") return unsupported(diagnostics, expr.range, "an ordering comparison with a boolean");
  const rangeOp = RANGE_OPS[op] as RangeOp;
  return rangeQuery(field, negated ? NEGATE_RANGE[rangeOp] : rangeOp, value);
}

function describeOperand(expr: Expr): string {
  switch (expr.kind) {
    case "call":
      return `the function \`${expr.name}\` on the compared side`;
    case "arithmetic":
    case "unary":
      return "arithmetic over fields";
    default:
      return `a ${expr.kind} expression on the compared side`;
  }
}

function compileMembership(expr: Membership, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  if (expr.value.kind !== "field") return unsupported(diagnostics, expr.value.range, `\`in\` over ${describeOperand(expr.value)}`);
  const field = expr.value.name;
  const values: (string | number | boolean)[] = [];
  for (const item of expr.list) {
    if (item.kind !== "literal") return unsupported(diagnostics, item.range, "a non-literal item in an `in` list");
    if (item.value === null) return unsupported(diagnostics, item.range, "`null` inside an `in` list");
    if (expr.caseInsensitive && typeof item.value === "string" && !checkAsciiFolding(item.value, item.range, diagnostics)) return undefined;
    values.push(item.value);
  }
  const query = expr.caseInsensitive
    ? // `terms` has no case_insensitive flag: one case-insensitive term per value.
      shouldAnyQuery(values.map((v) => termQuery(field, v, true)))
    : termsQuery(field, values);
  return polar(query, expr.negated !== negated);
}

function compilePatternMatch(expr: PatternMatch, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  if (expr.value.kind !== "field") return unsupported(diagnostics, expr.value.range, `a pattern match over ${describeOperand(expr.value)}`);
  const field = expr.value.name;
  const queries: Dsl[] = [];
  for (const pattern of expr.patterns) {
    if (typeof pattern.value !== "string") return unsupported(diagnostics, pattern.range, "a non-string pattern");
    if (expr.caseInsensitive && !checkAsciiFolding(pattern.value, pattern.range, diagnostics)) return undefined;
    queries.push(compileOnePattern(field, expr, pattern.value));
  }
  return polar(shouldAnyQuery(queries), negated);
}

function compileOnePattern(field: string, expr: PatternMatch, pattern: string): Dsl {
  if (expr.op === "regex") return regexpQuery(field, pattern, expr.caseInsensitive);
  // Without `*`/`?` a like pattern is plain (case-(in)sensitive) equality.
  if (!hasWildcard(pattern)) return termQuery(field, pattern, expr.caseInsensitive);
  return wildcardQuery(field, eqlPatternToWildcard(pattern), expr.caseInsensitive);
}

function compileFunctionCondition(expr: FunctionCall, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  switch (expr.name) {
    case "startsWith":
    case "endsWith":
    case "stringContains": {
      const args = fieldAndStrings(expr, diagnostics, 1);
      if (args === undefined) return undefined;
      const [field, [text]] = args;
      const sub = text as string;
      if (expr.caseInsensitive && !checkAsciiFolding(sub, expr.range, diagnostics)) return undefined;
      if (expr.name === "startsWith") return polar(prefixQuery(field.name, sub, expr.caseInsensitive), negated);
      if (expr.name === "endsWith") return polar(wildcardQuery(field.name, `*${escapeWildcardLiteral(sub)}`, expr.caseInsensitive), negated);
      if (sub === "") {
        // Elastic documents `stringContains(x, "")` as false (a wildcard `**`
        // would match everything); the in-memory engine follows the docs.
        return polar(matchNoneQuery(), negated);
      }
      return polar(wildcardQuery(field.name, `*${escapeWildcardLiteral(sub)}*`, expr.caseInsensitive), negated);
    }
    case "cidrMatch": {
      const args = fieldAndStrings(expr, diagnostics, -1);
      if (args === undefined) return undefined;
      const [field, cidrs] = args;
      // A term/terms query on an `ip` field accepts CIDR notation.
      return polar(termsQuery(field.name, cidrs), negated);
    }
    default:
      return unsupported(diagnostics, expr.nameRange, `the function \`${expr.name}\` as a condition`);
  }
}

/** Checks `fn(field, "lit", …)`: exactly `count` string literals after the field (-1: one or more). */
function fieldAndStrings(expr: FunctionCall, diagnostics: Diagnostic[], count: number): [FieldRef, string[]] | undefined {
  const [first, ...rest] = expr.args;
  if (first === undefined || first.kind !== "field") {
    return unsupported(diagnostics, first?.range ?? expr.range, `\`${expr.name}\` over ${first ? describeOperand(first) : "no argument"}`);
  }
  if ((count >= 0 && rest.length !== count) || rest.length === 0) {
    return unsupported(diagnostics, expr.range, `\`${expr.name}\` with ${rest.length + 1} arguments`);
  }
  const strings: string[] = [];
  for (const arg of rest) {
    if (arg.kind !== "literal" || typeof arg.value !== "string") {
      return unsupported(diagnostics, arg.range, `\`${expr.name}\` with a non-string-literal argument`);
    }
    strings.push(arg.value);
  }
  return [first, strings];
}
