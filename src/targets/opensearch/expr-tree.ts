import { errorDiagnostic, type Diagnostic, type SourceRange } from "../../diagnostics/index.ts";
import { compileRegexNfa, type Expr, type FieldRef, type PatternMatch } from "../../eql/index.ts";
import type { Dsl } from "./dsl.ts";
import { parseCidrBlock } from "./cidr-blocks.ts";
import { EXPR_SCRIPT } from "./expr-script.ts";
import type { JsonObject } from "./json.ts";

/**
 * EQL expressions -> the tree EXPR_SCRIPT interprets (expr-script.ts), for
 * the conditions query-dsl.ts cannot push down to Lucene. The split between a
 * field predicate (`pred`: any value of a bare field, set complement under
 * `not`) and a three-valued script condition (`val`) is the engine's own
 * (src/eql/engine/condition.ts), so each leaf means the same here as there.
 * A fixed Painless program cannot compile a regular expression at run time,
 * so `regex` over a computed value (java.util.regex in Elasticsearch) travels
 * as its automaton (regexTree); only patterns without one are refused
 * (`opensearch/unsupported`).
 * `cidrMatch` over a computed value runs in the script: its constant blocks
 * are parsed here (cidr-blocks.ts), the value there.
 */
export const UNSUPPORTED = "opensearch/unsupported";

const ARITHMETIC_FUNCTIONS = new Set(["add", "subtract", "multiply", "divide", "modulo"]);

/** The `script_score` query that matches exactly the documents for which the tree holds. */
export function exprScriptQuery(tree: JsonObject): Dsl {
  return {
    script_score: {
      query: { match_all: {} },
      script: { source: EXPR_SCRIPT, lang: "painless", params: { q: tree } },
      min_score: 1,
    },
  };
}

/** Statically a double, as the engine's `isDouble` (turns off integer division). */
export function isDoubleExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case "literal":
      return expr.valueType === "double";
    case "call":
      return ARITHMETIC_FUNCTIONS.has(expr.name) && expr.args.some(isDoubleExpr);
    case "unary":
      return isDoubleExpr(expr.operand);
    case "arithmetic":
      return isDoubleExpr(expr.left) || isDoubleExpr(expr.right);
    default:
      return false;
  }
}

/** Reads no field, as the engine's `isConstant` (such a value is folded once). */
export function isConstantExpr(expr: Expr): boolean {
  switch (expr.kind) {
    case "literal":
      return true;
    case "field":
    case "logical":
      return false;
    case "call":
      return expr.args.every(isConstantExpr);
    case "unary":
      return isConstantExpr(expr.operand);
    case "not":
      return isConstantExpr(expr.operand);
    case "arithmetic":
    case "compare":
      return isConstantExpr(expr.left) && isConstantExpr(expr.right);
    case "in":
      return expr.list.every(isConstantExpr) && isConstantExpr(expr.value);
    case "match":
      return isConstantExpr(expr.value);
  }
}

function refuse(diagnostics: Diagnostic[], range: SourceRange, what: string): undefined {
  diagnostics.push(errorDiagnostic(UNSUPPORTED, `OpenSearch cannot evaluate ${what}; the opensearch target refuses it`, { range }));
  return undefined;
}

/** An expression in value context -> tree node. */
export function valueTree(expr: Expr, diagnostics: Diagnostic[]): JsonObject | undefined {
  const all = (exprs: readonly Expr[]): JsonObject[] | undefined => {
    const out: JsonObject[] = [];
    for (const e of exprs) {
      const t = valueTree(e, diagnostics);
      if (t === undefined) return undefined;
      out.push(t);
    }
    return out;
  };
  switch (expr.kind) {
    case "literal":
      return expr.value === null ? { t: "null" } : { t: "lit", v: expr.value };
    case "field":
      return { t: "field", p: [...expr.path] };
    case "unary": {
      const e = valueTree(expr.operand, diagnostics);
      return e && { t: "unary", neg: expr.op === "-", e };
    }
    case "arithmetic": {
      const l = valueTree(expr.left, diagnostics);
      const r = valueTree(expr.right, diagnostics);
      return l && r && { t: "arith", op: expr.op, l, r, dbl: isDoubleExpr(expr.left) || isDoubleExpr(expr.right) };
    }
    case "call": {
      if (expr.name === "cidrMatch") return cidrTree(expr.args, expr.range, diagnostics);
      const a = all(expr.args);
      const dbl = ARITHMETIC_FUNCTIONS.has(expr.name) && expr.args.slice(0, 2).some(isDoubleExpr);
      return a && { t: "call", f: expr.name, a, ci: expr.caseInsensitive, dbl };
    }
    case "compare": {
      const isNull = (e: Expr): boolean => e.kind === "literal" && e.value === null;
      if (isNull(expr.left) || isNull(expr.right)) {
        // A null test (C.4); ranges against null are null.
        if (expr.op !== "==" && expr.op !== "!=") return { t: "nullcmp" };
        const e = valueTree(isNull(expr.left) ? expr.right : expr.left, diagnostics);
        return e && { t: "isnull", e, neg: expr.op === "!=" };
      }
      const l = valueTree(expr.left, diagnostics);
      const r = valueTree(expr.right, diagnostics);
      return l && r && { t: "cmp", op: expr.op, l, r };
    }
    case "in": {
      const e = valueTree(expr.value, diagnostics);
      const a = all(expr.list);
      return e && a && { t: "in", e, a, ci: expr.caseInsensitive, neg: expr.negated, cst: expr.list.every(isConstantExpr) };
    }
    case "match": {
      if (expr.op === "regex") return regexTree(expr, diagnostics);
      const e = valueTree(expr.value, diagnostics);
      const a = all(expr.patterns);
      return e && a && { t: "like", e, a, ci: expr.caseInsensitive };
    }
    case "not": {
      const e = valueTree(expr.operand, diagnostics);
      return e && { t: "not", e };
    }
    case "logical": {
      const l = valueTree(expr.left, diagnostics);
      const r = valueTree(expr.right, diagnostics);
      return l && r && { t: expr.op, l, r };
    }
  }
}

/**
 * `regex` over a computed value: Elasticsearch's java.util.regex match, as the
 * pattern's automaton (java-regex-nfa.ts) that the script walks; a pattern
 * with no automaton (look-around, backreferences) is refused where it is.
 */
function regexTree(expr: PatternMatch, diagnostics: Diagnostic[]): JsonObject | undefined {
  const e = valueTree(expr.value, diagnostics);
  const automata: JsonObject[] = [];
  for (const p of expr.patterns) {
    if (typeof p.value !== "string") return refuse(diagnostics, p.range, "a non-string regex pattern");
    const nfa = compileRegexNfa(p.value, expr.caseInsensitive);
    if (!nfa.ok) return refuse(diagnostics, p.range, `${nfa.reason} in a \`regex\` over a computed value`);
    automata.push({ s: nfa.nfa.states.map((edges) => edges.map((x) => ({ k: x.k, t: x.t, r: [...(x.r ?? [])] }))), acc: nfa.nfa.accept });
  }
  return e && { t: "rx", e, a: automata };
}

function cidrTree(args: readonly Expr[], range: SourceRange, diagnostics: Diagnostic[]): JsonObject | undefined {
  const [value, ...cidrs] = args;
  const e = value && valueTree(value, diagnostics);
  const blocks = cidrs.map((c) => (c.kind === "literal" && typeof c.value === "string" ? parseCidrBlock(c.value) : null));
  if (blocks.some((b) => b === null)) return refuse(diagnostics, range, "`cidrMatch` with blocks that are not valid CIDR string literals");
  return e && { t: "cidr", e, a: blocks.map((b) => ({ b: [...b!.bytes], p: b!.prefix })) };
}

/** A three-valued script condition: matches when the value is `true` (`false` under `negated`). */
export function valueConditionQuery(expr: Expr, negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  const e = valueTree(expr, diagnostics);
  return e && exprScriptQuery({ t: "val", e, neg: negated });
}

export type PredicateKind =
  | { readonly k: "eq"; readonly ci: boolean }
  | { readonly k: "like"; readonly ci: boolean }
  | { readonly k: "cmp"; readonly op: string }
  | { readonly k: "fn"; readonly f: string; readonly ci: boolean };

/** A predicate on a bare field (any value; set complement when negated) against constant expressions. */
export function fieldPredicateQuery(field: FieldRef, kind: PredicateKind, constants: readonly Expr[], negated: boolean, diagnostics: Diagnostic[]): Dsl | undefined {
  const a: JsonObject[] = [];
  for (const c of constants) {
    const t = valueTree(c, diagnostics);
    if (t === undefined) return undefined;
    a.push(t);
  }
  const base: JsonObject = { t: "pred", p: [...field.path], k: kind.k, a, neg: negated, ci: false, op: "", f: "" };
  return exprScriptQuery({ ...base, ...kind });
}
