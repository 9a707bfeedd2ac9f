/**
 * Expressions in VALUE context: what ES evaluates as a script. Null
 * propagates (three-valued logic), a field reads its first value, and a
 * comparison with the literal `null` is a null test (`null == null` is true).
 * Filters use condition.ts first, which falls back to this module for
 * anything that is not a predicate on a bare field.
 */
import type { Comparison, Expr, Membership, PatternMatch } from "../ast.ts";
import { arithmetic } from "./arithmetic.ts";
import type { CompileContext } from "./compile-context.ts";
import { compileEqualityTest, compilePatternTest, type ValueTest } from "./equality.ts";
import { LuceneRegexError } from "./lucene-regex.ts";
import { compileFunctionCall, type ValueFn } from "./functions.ts";
import { compareScalars, scalarsEqual, type EqlEvent, type EqlScalar } from "./values.ts";

export type { ValueFn } from "./functions.ts";

export interface CompiledValue {
  readonly fn: ValueFn;
  /** Statically a double (a decimal literal or arithmetic over one): turns off integer truncation. */
  readonly isDouble: boolean;
  /** No field references: `fn` ignores the event (used to fold constants once). */
  readonly isConstant: boolean;
}

const EMPTY = {} as EqlEvent;

/** Compiles `expr` in value context. */
export function compileValue(expr: Expr, ctx: CompileContext): CompiledValue {
  const compiled = compileUnfolded(expr, ctx);
  if (!compiled.isConstant || expr.kind === "literal") return compiled;
  const value = compiled.fn(EMPTY);
  return { fn: () => value, isDouble: compiled.isDouble, isConstant: true };
}

/** The value of a constant expression (literal or expression over literals), or undefined when it reads fields. */
export function constantValueOf(expr: Expr, ctx: CompileContext): EqlScalar | undefined {
  const compiled = compileValue(expr, ctx);
  return compiled.isConstant ? compiled.fn(EMPTY) : undefined;
}

function plain(fn: ValueFn, isConstant: boolean, isDouble = false): CompiledValue {
  return { fn, isConstant, isDouble };
}

function compileUnfolded(expr: Expr, ctx: CompileContext): CompiledValue {
  switch (expr.kind) {
    case "literal": {
      const v = expr.value;
      return plain(() => v, true, expr.valueType === "double");
    }
    case "field": {
      const reader = ctx.readerFor(expr.path);
      return plain((e) => reader.first(e), false);
    }
    case "call": {
      const args = expr.args.map((a) => compileValue(a, ctx));
      const fn = compileFunctionCall(
        expr,
        args.map((a) => a.fn),
        args.map((a) => a.isDouble),
        ctx,
      );
      const isDouble = args.some((a) => a.isDouble) && ["add", "subtract", "multiply", "divide", "modulo"].includes(expr.name);
      return plain(fn, args.every((a) => a.isConstant), isDouble);
    }
    case "unary": {
      const operand = compileValue(expr.operand, ctx);
      const neg = expr.op === "-";
      return plain(
        (e) => {
          const v = operand.fn(e);
          return typeof v === "number" ? (neg ? -v : v) : null;
        },
        operand.isConstant,
        operand.isDouble,
      );
    }
    case "arithmetic": {
      const l = compileValue(expr.left, ctx);
      const r = compileValue(expr.right, ctx);
      const forced = l.isDouble || r.isDouble;
      const op = expr.op;
      return plain((e) => arithmetic(op, l.fn(e), r.fn(e), forced), l.isConstant && r.isConstant, forced);
    }
    case "compare":
      return compileComparisonValue(expr, ctx);
    case "in":
      return compileMembershipValue(expr, ctx);
    case "match":
      return compilePatternValue(expr, ctx);
    case "not": {
      const operand = compileValue(expr.operand, ctx);
      return plain((e) => {
        const v = operand.fn(e);
        return typeof v === "boolean" ? !v : null;
      }, operand.isConstant);
    }
    case "logical": {
      const l = compileValue(expr.left, ctx).fn;
      const r = compileValue(expr.right, ctx).fn;
      const fn: ValueFn =
        expr.op === "and"
          ? (e) => {
              const a = l(e);
              if (a === false) return false;
              const b = r(e);
              if (b === false) return false;
              return a === true && b === true ? true : null;
            }
          : (e) => {
              const a = l(e);
              if (a === true) return true;
              const b = r(e);
              if (b === true) return true;
              return a === false && b === false ? false : null;
            };
      return plain(fn, false);
    }
  }
}

const isNullLiteral = (e: Expr): boolean => e.kind === "literal" && e.value === null;

function compileComparisonValue(expr: Comparison, ctx: CompileContext): CompiledValue {
  const l = compileValue(expr.left, ctx);
  const r = compileValue(expr.right, ctx);
  const isConstant = l.isConstant && r.isConstant;
  if (isNullLiteral(expr.left) || isNullLiteral(expr.right)) {
    // A null test, not a value comparison (C.4). Ranges against null are null.
    const other = isNullLiteral(expr.left) ? r.fn : l.fn;
    if (expr.op === "==") return plain((e) => other(e) === null, isConstant);
    if (expr.op === "!=") return plain((e) => other(e) !== null, isConstant);
    return plain(() => null, true);
  }
  const op = expr.op;
  // An optional field absent from an event reads as ES's literal null for an
  // unmapped `?f`, so `==`/`!=` become a null test of the other side:
  // `?x == ?y` holds when both are absent. (ES refuses field-to-field
  // comparisons, so two present-or-mapped sides never reach it.)
  const lOptional = expr.left.kind === "field" && expr.left.optional;
  const rOptional = expr.right.kind === "field" && expr.right.optional;
  const nullTest = (op === "==" || op === "!=") && (lOptional || rOptional);
  return plain((e) => {
    const a = l.fn(e);
    const b = r.fn(e);
    if (nullTest && ((a === null && lOptional) || (b === null && rOptional))) {
      const other = a === null && lOptional ? b : a;
      return (other === null) === (op === "==");
    }
    if (a === null || b === null) return null;
    if (op === "==") return scalarsEqual(a, b);
    if (op === "!=") return !scalarsEqual(a, b);
    const c = compareScalars(a, b);
    if (c === null) return null;
    return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
  }, isConstant);
}

function compileMembershipValue(expr: Membership, ctx: CompileContext): CompiledValue {
  const value = compileValue(expr.value, ctx);
  const items = expr.list.map((i) => compileValue(i, ctx));
  if (items.every((i) => i.isConstant)) {
    const { test, matchesMissing } = compileEqualityTest(
      items.map((i) => i.fn(EMPTY)),
      expr.caseInsensitive,
    );
    const negated = expr.negated;
    return plain((e) => {
      const v = value.fn(e);
      const hit = v === null ? (matchesMissing ? true : null) : test(v);
      return hit === null ? null : hit !== negated;
    }, value.isConstant);
  }
  // Items that read fields (ES rejects these; evaluated per event here).
  return plain((e) => {
    const v = value.fn(e);
    if (v === null) return null;
    const { test } = compileEqualityTest(
      items.map((i) => i.fn(e)),
      expr.caseInsensitive,
    );
    return test(v) !== expr.negated;
  }, false);
}

function compilePatternValue(expr: PatternMatch, ctx: CompileContext): CompiledValue {
  const value = compileValue(expr.value, ctx);
  const { test } = compilePatternTestOf(expr, "java", ctx);
  return plain((e) => {
    const v = value.fn(e);
    return v === null ? null : test(v);
  }, value.isConstant);
}

/**
 * The pattern test for a `like`/`regex`/`:` node; a pattern that does not
 * compile becomes an `eql/invalid-regex` diagnostic and a test that never holds.
 */
export function compilePatternTestOf(expr: PatternMatch, flavour: "lucene" | "java", ctx: CompileContext): ValueTest {
  try {
    return compilePatternTest(
      expr.op,
      expr.patterns.map((p) => p.value),
      expr.caseInsensitive,
      flavour,
    );
  } catch (err) {
    if (!(err instanceof LuceneRegexError) && !(err instanceof SyntaxError)) throw err;
    const bad = expr.patterns.find((p) => {
      try {
        compilePatternTest(expr.op, [p.value], expr.caseInsensitive, flavour);
        return false;
      } catch {
        return true;
      }
    });
    const where = err instanceof LuceneRegexError ? ` at character ${err.offset + 1}` : "";
    ctx.error("eql/invalid-regex", `Invalid ${flavour === "lucene" ? "Lucene" : "Java"} regular expression${where}: ${err.message}`, (bad ?? expr).range);
    return { test: () => false, matchesMissing: false };
  }
}
