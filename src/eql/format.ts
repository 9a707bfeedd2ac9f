/**
 * AST -> canonical EQL text. One layout: event queries on one line (long
 * top-level and/or chains break one operand per line), sequences and samples
 * one stage per line. Parentheses only where precedence needs them; strings
 * always double-quoted with escapes; canonical function names; comments are
 * not in the AST and so are dropped. `parseEql(formatEql(q))` equals `q`
 * up to ranges (property-tested).
 */
import type { EventFilter, Expr, FieldRef, Literal, Pipe, Query, SampleStage, SequenceStage } from "./ast.ts";
import { KEYWORDS } from "./lexer.ts";

const LINE_LIMIT = 100;
const IDENT = /^[A-Za-z_@][A-Za-z0-9_]*$/;

// Binding strength, loosest first; an operand printed below its slot's minimum gets parentheses.
const Level = { Or: 1, And: 2, Not: 3, Compare: 4, Additive: 5, Multiplicative: 6, Unary: 7, Predicate: 8, Primary: 9 } as const;

function levelOf(e: Expr): number {
  switch (e.kind) {
    case "logical":
      return e.op === "or" ? Level.Or : Level.And;
    case "not":
      return Level.Not;
    case "compare":
      return Level.Compare;
    case "arithmetic":
      return e.op === "+" || e.op === "-" ? Level.Additive : Level.Multiplicative;
    case "unary":
      return Level.Unary;
    case "in":
    case "match":
      return Level.Predicate;
    default:
      return Level.Primary;
  }
}

/** Canonical text of one query. */
export function formatEql(query: Query): string {
  switch (query.kind) {
    case "event":
      return formatEventQuery(query.filter, query.pipes);
    case "sequence": {
      const head = ["sequence"];
      if (query.keys.length > 0) head.push(`by ${formatKeys(query.keys)}`);
      if (query.maxspan) head.push(`with maxspan=${query.maxspan.value}${query.maxspan.unit}`);
      const lines = [head.join(" "), ...query.stages.map((st) => `  ${formatSequenceStage(st)}`)];
      if (query.until) lines.push(`until ${formatSequenceStage(query.until)}`);
      return [...lines, ...query.pipes.map(formatPipe)].join("\n");
    }
    case "sample": {
      const head = query.keys.length > 0 ? `sample by ${formatKeys(query.keys)}` : "sample";
      return [head, ...query.stages.map((st) => `  ${formatSampleStage(st)}`), ...query.pipes.map(formatPipe)].join("\n");
    }
  }
}

function formatEventQuery(filter: EventFilter, pipes: readonly Pipe[]): string {
  const pipeText = pipes.map((p) => ` ${formatPipe(p)}`).join("");
  const oneLine = formatEventFilter(filter) + pipeText;
  const cond = filter.condition;
  if (oneLine.length <= LINE_LIMIT || cond.kind !== "logical") return oneLine;
  // Break a long top-level chain of one operator: one operand per line.
  const operands = flattenChain(cond, cond.op);
  const min = cond.op === "or" ? Level.And : Level.Not;
  const lines = operands.map((o, i) => `${i === 0 ? "  " : `  ${cond.op} `}${formatOperand(o, min)}`);
  return `${formatCategory(filter.category)} where\n${lines.join("\n")}${pipes.map((p) => `\n${formatPipe(p)}`).join("")}`;
}

/** Left-nested `a op b op c` -> [a, b, c]; a right operand of the same op stays whole (it was parenthesised). */
function flattenChain(e: Expr, op: "and" | "or"): Expr[] {
  if (e.kind === "logical" && e.op === op) return [...flattenChain(e.left, op), e.right];
  return [e];
}

function formatEventFilter(f: EventFilter): string {
  return `${formatCategory(f.category)} where ${formatExpr(f.condition)}`;
}

function formatCategory(category: string | null): string {
  if (category === null) return "any";
  return IDENT.test(category) && !KEYWORDS.has(category) ? category : formatString(category);
}

function formatSequenceStage(st: SequenceStage): string {
  let out = `${st.missing ? "![" : "["}${formatEventFilter(st.filter)}]`;
  if (st.keys.length > 0) out += ` by ${formatKeys(st.keys)}`;
  if (st.runsWritten || st.runs !== 1) out += ` with runs=${st.runs}`;
  return out;
}

function formatSampleStage(st: SampleStage): string {
  const keys = st.keys.length > 0 ? ` by ${formatKeys(st.keys)}` : "";
  return `[${formatEventFilter(st.filter)}]${keys}`;
}

function formatKeys(keys: readonly Expr[]): string {
  return keys.map((k) => formatExpr(k)).join(", ");
}

function formatPipe(p: Pipe): string {
  return `| ${p.kind} ${p.count}`;
}

/** Canonical text of one expression. */
export function formatExpr(e: Expr): string {
  return formatOperand(e, Level.Or);
}

/** `e` in a slot that accepts binding `min` or tighter; looser operands get parentheses. */
function formatOperand(e: Expr, min: number): string {
  const text = formatBare(e);
  return levelOf(e) < min ? `(${text})` : text;
}

function formatBare(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return formatLiteral(e);
    case "field":
      return formatField(e);
    case "call":
      return `${e.name}${e.caseInsensitive ? "~" : ""}(${e.args.map((a) => formatExpr(a)).join(", ")})`;
    case "unary":
      return `${e.op}${formatOperand(e.operand, Level.Unary)}`;
    case "arithmetic": {
      const level = levelOf(e);
      return `${formatOperand(e.left, level)} ${e.op} ${formatOperand(e.right, level + 1)}`;
    }
    case "compare":
      return `${formatOperand(e.left, Level.Additive)} ${e.op} ${formatOperand(e.right, Level.Additive)}`;
    case "in": {
      const op = `${e.negated ? "not " : ""}in${e.caseInsensitive ? "~" : ""}`;
      return `${formatOperand(e.value, Level.Primary)} ${op} (${e.list.map((x) => formatExpr(x)).join(", ")})`;
    }
    case "match": {
      const op = e.colon ? ":" : `${e.op}${e.caseInsensitive ? "~" : ""}`;
      const pats = e.patterns.map(formatLiteral);
      const rhs = e.listForm || pats.length !== 1 ? `(${pats.join(", ")})` : pats[0]!;
      return `${formatOperand(e.value, Level.Primary)} ${op} ${rhs}`;
    }
    case "not":
      return `not ${formatOperand(e.operand, Level.Not)}`;
    case "logical": {
      const level = levelOf(e);
      return `${formatOperand(e.left, level)} ${e.op} ${formatOperand(e.right, level + 1)}`;
    }
  }
}

function formatField(f: FieldRef): string {
  const segs = f.path.map((seg) => (IDENT.test(seg) && !KEYWORDS.has(seg) ? seg : `\`${seg.replaceAll("`", "``")}\``));
  return `${f.optional ? "?" : ""}${segs.join(".")}`;
}

const LONG_MAX_TEXT = "9223372036854775807";

function formatLiteral(l: Literal): string {
  switch (l.valueType) {
    case "string":
      return formatString(String(l.value));
    case "boolean":
      return l.value ? "true" : "false";
    case "null":
      return "null";
    case "long": {
      const n = Number(l.value);
      // Longs above 2^53 are already rounded in the AST; clamp so the text stays a long.
      return n >= 9223372036854775807 ? LONG_MAX_TEXT : BigInt(Math.trunc(n)).toString();
    }
    case "double": {
      const text = String(l.value);
      return /[.eE]/.test(text) ? text : `${text}.0`;
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
};

/** A double-quoted EQL string literal for `value` (only the escapes EQL accepts). */
export function formatString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (ch.charCodeAt(0) < 0x20 || ch === "\u007f") out += `\\u{${ch.charCodeAt(0).toString(16).padStart(2, "0")}}`;
    else out += ch;
  }
  return out + '"';
}

const RANGE_KEYS: ReadonlySet<string> = new Set(["range", "nameRange", "categoryRange"]);

/** A deep copy of an AST node without its source ranges, to compare ASTs by meaning. */
export function stripRanges<T>(node: T): T {
  if (Array.isArray(node)) return node.map((x: unknown) => stripRanges(x)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!RANGE_KEYS.has(k)) out[k] = stripRanges(v);
  return out as T;
}

/** Two AST nodes are equal ignoring ranges (all flags, `colon` and `listForm` included, must match). */
export function astEquals(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(stripRanges(a))) === JSON.stringify(sortKeys(stripRanges(b)));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}
