/**
 * Expression grammar, loosest binding first:
 *   or > and > not > comparison (one per operand pair) > + - > * / % > unary - +
 *   > predicate suffix (in, not in, :, like, regex, each with `~` variants) > primary.
 * The suffix binds to the primary on its left only, so `a + b in (1)` is
 * `a + (b in (1))`, exactly as in the Elasticsearch grammar.
 */
import type {
  ArithmeticOp, ComparisonOp, Expr, FieldRef, FunctionCall, Literal, Membership, PatternMatch,
} from "./ast.ts";
import type { TokenStream } from "./grammar-stream.ts";
import { FUNCTION_NAMES, resolveFunctionName } from "./functions.ts";
import type { Token } from "./lexer.ts";
import { formatSuggestion, suggestClosest } from "./suggest.ts";

const COMPARISON_OPS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">="]);

export function parseExpression(s: TokenStream): Expr {
  s.enter(s.peek());
  const mark = s.mark();
  let left = parseAnd(s);
  while (s.eat("or")) {
    const right = parseAnd(s);
    left = { kind: "logical", op: "or", left, right, range: s.rangeFrom(mark) };
  }
  s.leave();
  return left;
}

function parseAnd(s: TokenStream): Expr {
  const mark = s.mark();
  let left = parseNot(s);
  while (s.eat("and")) {
    const right = parseNot(s);
    left = { kind: "logical", op: "and", left, right, range: s.rangeFrom(mark) };
  }
  return left;
}

function parseNot(s: TokenStream): Expr {
  const mark = s.mark();
  const not = s.eat("not");
  if (!not) return parseComparison(s);
  s.enter(not);
  const operand = parseNot(s);
  s.leave();
  return { kind: "not", operand, range: s.rangeFrom(mark) };
}

function isComparisonOp(tok: Token): boolean {
  return tok.kind === "punct" && COMPARISON_OPS.has(tok.text);
}

function parseComparison(s: TokenStream): Expr {
  const mark = s.mark();
  const left = parseAdditive(s);
  if (s.at("=")) s.fail(s.peek(), "Use [==] to compare for equality; [=] is only valid in [maxspan=] and [runs=]");
  if (!isComparisonOp(s.peek())) return left;
  const op = s.next().text as ComparisonOp;
  const right = parseAdditive(s);
  if (isComparisonOp(s.peek())) {
    s.fail(s.peek(), `Chained comparisons are not supported; join them with [and] (e.g. a < b and b ${s.peek().text} c)`);
  }
  return { kind: "compare", op, left, right, range: s.rangeFrom(mark) };
}

function parseAdditive(s: TokenStream): Expr {
  const mark = s.mark();
  let left = parseMultiplicative(s);
  while (s.at("+") || s.at("-")) {
    const op = s.next().text as ArithmeticOp;
    const right = parseMultiplicative(s);
    left = { kind: "arithmetic", op, left, right, range: s.rangeFrom(mark) };
  }
  return left;
}

function parseMultiplicative(s: TokenStream): Expr {
  const mark = s.mark();
  let left = parseUnary(s);
  while (s.at("*") || s.at("/") || s.at("%")) {
    const op = s.next().text as ArithmeticOp;
    const right = parseUnary(s);
    left = { kind: "arithmetic", op, left, right, range: s.rangeFrom(mark) };
  }
  return left;
}

function parseUnary(s: TokenStream): Expr {
  const mark = s.mark();
  if (!s.at("-") && !s.at("+")) return parsePredicated(s);
  const opTok = s.next();
  s.enter(opTok);
  const operand = parseUnary(s);
  s.leave();
  return { kind: "unary", op: opTok.text as "-" | "+", operand, range: s.rangeFrom(mark) };
}

function parsePredicated(s: TokenStream): Expr {
  const mark = s.mark();
  const value = parsePrimary(s);
  const tok = s.peek();
  if (tok.kind === "keyword" && tok.text === "not") {
    const after = s.peek(1);
    if (after.kind !== "keyword" || (after.text !== "in" && after.text !== "in~")) {
      s.fail(after, `Expected [in] or [in~] after [not] but found ${s.describe(after)}; to negate [${after.text}] write [not x ${after.text} …]`);
    }
    s.next();
    return parseMembership(s, mark, value, true);
  }
  if (tok.kind === "keyword" && (tok.text === "in" || tok.text === "in~")) return parseMembership(s, mark, value, false);
  if (s.at(":") || s.at("like") || s.at("like~") || s.at("regex") || s.at("regex~")) return parsePatternMatch(s, mark, value);
  return value;
}

function parseMembership(s: TokenStream, mark: number, value: Expr, negated: boolean): Membership {
  const opTok = s.next();
  s.expect("(", `[(] after [${opTok.text}]`);
  const list: Expr[] = [parseExpression(s)];
  while (s.eat(",")) list.push(parseExpression(s));
  s.expect(")", "[,] or [)]");
  return { kind: "in", negated, caseInsensitive: opTok.text === "in~", value, list, range: s.rangeFrom(mark) };
}

function parsePatternMatch(s: TokenStream, mark: number, value: Expr): PatternMatch {
  const opTok = s.next();
  const colon = opTok.text === ":";
  const op = colon || opTok.text.startsWith("like") ? "like" : "regex";
  const caseInsensitive = colon || opTok.text.endsWith("~");
  const listForm = s.at("(");
  const patterns: Literal[] = [];
  if (s.eat("(")) {
    patterns.push(parseConstant(s, opTok));
    while (s.eat(",")) patterns.push(parseConstant(s, opTok));
    s.expect(")", "[,] or [)]");
  } else patterns.push(parseConstant(s, opTok));
  return { kind: "match", op, caseInsensitive, colon, value, patterns, listForm, range: s.rangeFrom(mark) };
}

function parseConstant(s: TokenStream, opTok: Token): Literal {
  const literal = tryParseLiteral(s);
  if (literal) return literal;
  const tok = s.peek();
  if (tok.kind === "invalid") s.next();
  s.fail(tok, `Expected a literal or a parenthesised list of literals after [${opTok.text}] but found ${s.describe(tok)}; patterns must be constants`);
}

function tryParseLiteral(s: TokenStream): Literal | undefined {
  const tok = s.peek();
  const range = s.tokenRange(tok);
  switch (tok.kind) {
    case "string":
      s.next();
      return { kind: "literal", value: tok.value, valueType: "string", range };
    case "long":
      s.next();
      return { kind: "literal", value: tok.value, valueType: "long", range };
    case "double":
      s.next();
      return { kind: "literal", value: tok.value, valueType: "double", range };
    case "keyword":
      if (tok.text === "true" || tok.text === "false") {
        s.next();
        return { kind: "literal", value: tok.text === "true", valueType: "boolean", range };
      }
      if (tok.text === "null") {
        s.next();
        return { kind: "literal", value: null, valueType: "null", range };
      }
      return undefined;
    default:
      return undefined;
  }
}

function parsePrimary(s: TokenStream): Expr {
  const literal = tryParseLiteral(s);
  if (literal) return literal;
  const tok = s.peek();
  if (s.at("(")) {
    s.next();
    const inner = parseExpression(s);
    s.expect(")", "[)]");
    return inner;
  }
  if (s.at("?")) return parseField(s, s.mark(), true);
  if (tok.kind === "ident" && (tok.tilde || (s.peek(1).kind === "punct" && s.peek(1).text === "("))) return parseCall(s);
  if (tok.kind === "ident" && s.peek(1).kind === "keyword" && s.peek(1).text === "of") {
    s.fail(tok, `Lineage queries [${tok.text} of] are not supported by Elasticsearch EQL`, "eql/unsupported-lineage");
  }
  if (tok.kind === "ident" || tok.kind === "quoted-ident") return parseField(s, s.mark(), false);
  if (tok.kind === "keyword") {
    s.fail(tok, `Expected an expression but found keyword [${tok.text}]; to use it as a field name, quote it: \`${tok.text}\``);
  }
  return s.failExpected("an expression");
}

/** A dotted field name: `a.b`, `` a.`odd-name` ``, `?a.b`. Keys and categories reuse it. */
export function parseField(s: TokenStream, mark: number, optional: boolean): FieldRef {
  if (optional) s.next();
  const path: string[] = [readSegment(s, optional ? "a field name after [?]" : "a field name")];
  while (s.at(".")) {
    s.next();
    path.push(readSegment(s, "a field name segment after [.]"));
  }
  rejectArrayIndex(s);
  return { kind: "field", path, name: path.join("."), optional, range: s.rangeFrom(mark) };
}

function readSegment(s: TokenStream, what: string): string {
  const tok = s.peek();
  if (tok.kind === "ident" && !tok.tilde) return s.next().value as string;
  if (tok.kind === "quoted-ident") return s.next().value as string;
  if (tok.kind === "ident" && tok.tilde) s.fail(tok, "[~] may only follow a function name, as in [startsWith~(…)]");
  if (tok.kind === "keyword") {
    s.fail(tok, `Expected ${what} but found keyword [${tok.text}]; quote it with backticks: \`${tok.text}\``);
  }
  return s.failExpected(what);
}

/** `field[0]` is in the grammar but Elasticsearch refuses it; we do the same. */
function rejectArrayIndex(s: TokenStream): void {
  while (s.at("[") && s.peek(1).kind === "long" && s.peek(2).text === "]") {
    const mark = s.mark();
    s.next();
    s.next();
    s.next();
    s.reject(s.rangeFrom(mark), "eql/array-index", "Array indexes are not supported");
  }
}

function parseCall(s: TokenStream): FunctionCall {
  const mark = s.mark();
  const nameTok = s.next();
  const written = nameTok.value as string;
  const nameRange = s.tokenRange(nameTok);
  if (!s.at("(")) {
    s.fail(s.peek(), `Expected [(] after function name [${nameTok.text}]; [~] may only follow a function name`);
  }
  const name = resolveFunctionName(written);
  if (!name) {
    const suggestion = formatSuggestion(suggestClosest(written, FUNCTION_NAMES, 1));
    s.fail(nameTok, `Unknown function [${written}]${suggestion}`, "eql/unknown-function");
  }
  s.next();
  s.enter(nameTok);
  const args: Expr[] = [];
  if (!s.at(")")) {
    args.push(parseExpression(s));
    while (s.eat(",")) args.push(parseExpression(s));
  }
  s.expect(")", "[,] or [)]");
  s.leave();
  return { kind: "call", name: name!, caseInsensitive: nameTok.tilde === true, args, nameRange, range: s.rangeFrom(mark) };
}

