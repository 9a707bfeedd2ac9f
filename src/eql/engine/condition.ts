/**
 * Expressions in FILTER context, with Elasticsearch's semantics (C.4): ES
 * pushes a predicate on a bare field down to Lucene, so
 * - `==`, `:`, `like`, `regex`, `in`, `startsWith`, `endsWith`,
 *   `stringContains` and `cidrMatch` on a field hold if ANY value does;
 * - `!=` and `not` over those are the set complement (true when the field is
 *   missing): `not process.parent.name : "explorer.exe"` fires without a parent;
 * - a range on a field is false when the field is missing, and `not (x > 5)` is
 *   rewritten to `x <= 5` (inferred from QL's negation push-down; so it is false
 *   on missing too); `not` is pushed through `and`/`or` by De Morgan;
 * - `x == null` / `x != null` test existence;
 * - anything else (functions over fields, arithmetic, field vs field) is a
 *   script: three-valued, and `not` of null stays null (QL turns `Not` over a
 *   script query into one script).
 * A filter matches only when its condition is `true`.
 */
import type { Comparison, ComparisonOp, Expr, FunctionCall, Membership, PatternMatch } from "../ast.ts";
import type { CompileContext } from "./compile-context.ts";
import { compileEqualityTest, type ValueTest } from "./equality.ts";
import { compilePatternTestOf, compileValue, constantValueOf } from "./expression.ts";
import { compileFunctionCall } from "./functions.ts";
import { compareScalars, type EqlEvent, type EqlScalar, type EqlValue } from "./values.ts";
import type { FieldReader } from "./field-access.ts";

/** true / false / null (unknown). */
export type Truth = boolean | null;
export type ConditionFn = (event: EqlEvent) => Truth;

/** Compiles `expr` as a filter condition; `negated` carries a `not` being pushed down. */
export function compileCondition(expr: Expr, ctx: CompileContext, negated = false): ConditionFn {
  switch (expr.kind) {
    case "not":
      return compileCondition(expr.operand, ctx, !negated);
    case "logical": {
      const l = compileCondition(expr.left, ctx, negated);
      const r = compileCondition(expr.right, ctx, negated);
      const isAnd = (expr.op === "and") !== negated; // De Morgan
      return isAnd ? andOf(l, r) : orOf(l, r);
    }
    case "compare":
      return compileComparison(expr, ctx, negated);
    case "in":
      return compileMembership(expr, ctx, negated);
    case "match":
      return compilePatternMatch(expr, ctx, negated);
    case "call":
      return compileCallCondition(expr, ctx, negated);
    case "field": {
      // A bare (boolean) field as a condition is a term query for `true`.
      const reader = ctx.readerFor(expr.path);
      return fieldPredicate(reader, { test: (v) => v === true, matchesMissing: false }, negated);
    }
    default:
      return scriptCondition(expr, ctx, negated);
  }
}

function andOf(l: ConditionFn, r: ConditionFn): ConditionFn {
  return (e) => {
    const a = l(e);
    if (a === false) return false;
    const b = r(e);
    if (b === false) return false;
    return a === true && b === true ? true : null;
  };
}

function orOf(l: ConditionFn, r: ConditionFn): ConditionFn {
  return (e) => {
    const a = l(e);
    if (a === true) return true;
    const b = r(e);
    if (b === true) return true;
    return a === false && b === false ? false : null;
  };
}

/** Three-valued evaluation of a non-pushable expression; a non-boolean value is unknown. */
function scriptCondition(expr: Expr, ctx: CompileContext, negated: boolean): ConditionFn {
  const fn = compileValue(expr, ctx).fn;
  return negated
    ? (e) => {
        const v = fn(e);
        return typeof v === "boolean" ? !v : null;
      }
    : (e) => {
        const v = fn(e);
        return typeof v === "boolean" ? v : null;
      };
}

/** Any-value test on a field, with set complement under `not`. */
function fieldPredicate(reader: FieldReader, t: ValueTest, negated: boolean): ConditionFn {
  const anyValue = (): boolean => true;
  const holds = t.matchesMissing
    ? (e: EqlEvent) => reader.some(e, t.test) || !reader.some(e, anyValue)
    : (e: EqlEvent) => reader.some(e, t.test);
  return negated ? (e) => !holds(e) : holds;
}

const MIRROR: Record<ComparisonOp, ComparisonOp> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const NEGATE: Record<ComparisonOp, ComparisonOp> = { "==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<" };

function compileComparison(expr: Comparison, ctx: CompileContext, negated: boolean): ConditionFn {
  // Normalise to `field op constant`.
  let field = expr.left.kind === "field" ? expr.left : undefined;
  let other = expr.right;
  let op = expr.op;
  if (!field && expr.right.kind === "field") {
    field = expr.right;
    other = expr.left;
    op = MIRROR[op];
  }
  const constant = field ? constantValueOf(other, ctx) : undefined;
  if (!field || constant === undefined) return scriptCondition(expr, ctx, negated);
  const reader = ctx.readerFor(field.path);
  const anyValue = (): boolean => true;
  if (constant === null) {
    // Existence test: `x == null` holds when x has no value.
    if (op === "==" || op === "!=") {
      const exists = (op === "!=") !== negated;
      return exists ? (e) => reader.some(e, anyValue) : (e) => !reader.some(e, anyValue);
    }
    return () => false;
  }
  // With a mapping, the constant is read as the field's type (a date string
  // becomes an instant); one the type cannot hold matches no value.
  const typed = reader.semantics ? reader.semantics.constant(constant) : constant;
  if (op === "==" || op === "!=") {
    const test: ValueTest = typed === undefined ? NEVER : compileEqualityTest([typed], false);
    return fieldPredicate(reader, test, (op === "!=") !== negated);
  }
  if (typed === undefined) return () => false;
  // Ranges: `not` flips the operator; still false on a missing field.
  const rangeOp = negated ? NEGATE[op] : op;
  const test = rangeTest(rangeOp, typed, reader.semantics?.compare ?? compareScalars);
  return (e) => reader.some(e, test);
}

const NEVER: ValueTest = { test: () => false, matchesMissing: false };

function rangeTest(op: ComparisonOp, constant: EqlValue, compare: (a: EqlValue, b: EqlValue) => number | null): (v: EqlValue) => boolean {
  const cmp = (v: EqlValue): number | null => compare(v, constant);
  switch (op) {
    case "<":
      return (v) => (cmp(v) ?? 0) < 0;
    case "<=":
      return (v) => {
        const c = cmp(v);
        return c !== null && c <= 0;
      };
    case ">":
      return (v) => (cmp(v) ?? 0) > 0;
    default:
      return (v) => {
        const c = cmp(v);
        return c !== null && c >= 0;
      };
  }
}

function constantsOf(exprs: readonly Expr[], ctx: CompileContext): EqlScalar[] | undefined {
  const out: EqlScalar[] = [];
  for (const e of exprs) {
    const v = constantValueOf(e, ctx);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function compileMembership(expr: Membership, ctx: CompileContext, negated: boolean): ConditionFn {
  const constants = expr.value.kind === "field" ? constantsOf(expr.list, ctx) : undefined;
  if (expr.value.kind !== "field" || constants === undefined) return scriptCondition(expr, ctx, negated);
  const reader = ctx.readerFor(expr.value.path);
  const sem = reader.semantics;
  const typed = sem ? constants.map((c) => (c === null ? null : sem.constant(c))).filter((c): c is EqlScalar => c !== undefined) : constants;
  return fieldPredicate(reader, compileEqualityTest(typed, expr.caseInsensitive), expr.negated !== negated);
}

function compilePatternMatch(expr: PatternMatch, ctx: CompileContext, negated: boolean): ConditionFn {
  if (expr.value.kind !== "field") return scriptCondition(expr, ctx, negated);
  const reader = ctx.readerFor(expr.value.path);
  return fieldPredicate(reader, compilePatternTestOf(expr, "lucene", ctx), negated);
}

/** Functions ES turns into queries when the first argument is a field and the rest are constants. */
const PUSHABLE = new Set(["startsWith", "endsWith", "stringContains", "cidrMatch"]);

function compileCallCondition(expr: FunctionCall, ctx: CompileContext, negated: boolean): ConditionFn {
  const [first, ...rest] = expr.args;
  const constants = constantsOf(rest, ctx);
  if (!PUSHABLE.has(expr.name) || first?.kind !== "field" || constants === undefined) return scriptCondition(expr, ctx, negated);
  const reader = ctx.readerFor(first.path);
  let current: EqlValue = "";
  const fn = compileFunctionCall(
    expr,
    [() => current, ...constants.map((c) => () => c)],
    [],
    ctx,
  );
  const empty = {} as EqlEvent;
  const test = (v: EqlValue): boolean => {
    current = v;
    return fn(empty) === true;
  };
  return fieldPredicate(reader, { test, matchesMissing: false }, negated);
}
