/**
 * Parser for Lucene RegExp syntax, as Elasticsearch's `regexp` query reads it
 * with its default flags (ALL): a regex on a field is pushed down to Lucene, so
 * EQL `regex` follows these rules, not Java's or JavaScript's:
 * - the match is implicitly anchored at both ends; `^` and `$` are literals;
 * - there are no `\d`, `\s`, `\w` classes: `\x` is the literal character x;
 * - `"…"` is a quoted literal string; `()` the empty string;
 * - optional operators are on: `@` any string, `#` the empty language,
 *   `<n-m>` a decimal interval, `A&B` intersection, `~A` complement;
 * - `<name>` (named automata) is not provided by ES, so it is an error.
 * Grammar (loosest first): union `|`, intersection `&`, concatenation, repeat
 * (`? * + {n} {n,} {n,m}`), complement `~`, class `[…]`/`[^…]`, simple.
 */

export type LuceneRegex =
  | { readonly kind: "char"; readonly cp: number }
  | { readonly kind: "any-char" }
  | { readonly kind: "any-string" }
  | { readonly kind: "empty-language" }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "class"; readonly negated: boolean; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly kind: "interval"; readonly min: number; readonly max: number; readonly digits: number }
  | { readonly kind: "concat"; readonly parts: readonly LuceneRegex[] }
  | { readonly kind: "union"; readonly options: readonly LuceneRegex[] }
  | { readonly kind: "intersection"; readonly options: readonly LuceneRegex[] }
  | { readonly kind: "complement"; readonly operand: LuceneRegex }
  | { readonly kind: "repeat"; readonly operand: LuceneRegex; readonly min: number; readonly max: number };

/** A syntax error with the offset (in code points) where it was found. */
export class LuceneRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly cps: readonly number[]) {}
  get offset(): number {
    return this.pos;
  }
  more(): boolean {
    return this.pos < this.cps.length;
  }
  peek(chars: string): boolean {
    return this.more() && chars.includes(String.fromCodePoint(this.cps[this.pos]!));
  }
  match(ch: string): boolean {
    if (this.peek(ch)) {
      this.pos++;
      return true;
    }
    return false;
  }
  next(): number {
    if (!this.more()) throw new LuceneRegexError("unexpected end of pattern", this.pos);
    return this.cps[this.pos++]!;
  }
  fail(message: string): never {
    throw new LuceneRegexError(message, this.pos);
  }
}

/** Parses a Lucene regular expression; throws LuceneRegexError on bad syntax. */
export function parseLuceneRegex(pattern: string): LuceneRegex {
  const r = new Reader([...pattern].map((c) => c.codePointAt(0)!));
  const node = parseUnion(r);
  if (r.more()) r.fail("unexpected character");
  return node;
}

function parseUnion(r: Reader): LuceneRegex {
  const options = [parseIntersection(r)];
  while (r.match("|")) options.push(parseIntersection(r));
  return options.length === 1 ? options[0]! : { kind: "union", options };
}

function parseIntersection(r: Reader): LuceneRegex {
  const options = [parseConcat(r)];
  while (r.match("&")) options.push(parseConcat(r));
  return options.length === 1 ? options[0]! : { kind: "intersection", options };
}

function parseConcat(r: Reader): LuceneRegex {
  const parts = [parseRepeat(r)];
  while (r.more() && !r.peek(")|&")) parts.push(parseRepeat(r));
  return parts.length === 1 ? parts[0]! : { kind: "concat", parts };
}

function readInt(r: Reader): number {
  let digits = "";
  while (r.peek("0123456789")) digits += String.fromCodePoint(r.next());
  if (digits === "") r.fail("integer expected");
  return Number(digits);
}

function parseRepeat(r: Reader): LuceneRegex {
  let node = parseComplement(r);
  while (r.peek("?*+{")) {
    if (r.match("?")) node = { kind: "repeat", operand: node, min: 0, max: 1 };
    else if (r.match("*")) node = { kind: "repeat", operand: node, min: 0, max: Infinity };
    else if (r.match("+")) node = { kind: "repeat", operand: node, min: 1, max: Infinity };
    else {
      r.match("{");
      const min = readInt(r);
      let max = min;
      if (r.match(",")) max = r.peek("}") ? Infinity : readInt(r);
      if (!r.match("}")) r.fail("expected '}'");
      if (max < min) r.fail("repeat maximum is below its minimum");
      node = { kind: "repeat", operand: node, min, max };
    }
  }
  return node;
}

function parseComplement(r: Reader): LuceneRegex {
  if (r.match("~")) return { kind: "complement", operand: parseComplement(r) };
  return parseCharClass(r);
}

function parseCharClass(r: Reader): LuceneRegex {
  if (!r.match("[")) return parseSimple(r);
  const negated = r.match("^");
  const ranges: [number, number][] = [];
  do {
    const from = parseCharExp(r);
    if (r.match("-")) ranges.push([from, parseCharExp(r)]);
    else ranges.push([from, from]);
  } while (r.more() && !r.peek("]"));
  if (!r.match("]")) r.fail("expected ']'");
  for (const [a, b] of ranges) if (a > b) r.fail("invalid character class range");
  return { kind: "class", negated, ranges };
}

function parseCharExp(r: Reader): number {
  r.match("\\");
  return r.next();
}

function parseSimple(r: Reader): LuceneRegex {
  if (r.match(".")) return { kind: "any-char" };
  if (r.match("#")) return { kind: "empty-language" };
  if (r.match("@")) return { kind: "any-string" };
  if (r.match('"')) {
    let text = "";
    while (r.more() && !r.peek('"')) text += String.fromCodePoint(r.next());
    if (!r.match('"')) r.fail("expected '\"'");
    return { kind: "string", text };
  }
  if (r.match("(")) {
    if (r.match(")")) return { kind: "string", text: "" };
    const inner = parseUnion(r);
    if (!r.match(")")) r.fail("expected ')'");
    return inner;
  }
  if (r.match("<")) return parseInterval(r);
  return { kind: "char", cp: parseCharExp(r) };
}

function parseInterval(r: Reader): LuceneRegex {
  let body = "";
  while (r.more() && !r.peek(">")) body += String.fromCodePoint(r.next());
  if (!r.match(">")) r.fail("expected '>'");
  const m = /^(\d+)-(\d+)$/.exec(body);
  if (!m) r.fail(`named automaton <${body}> is not available (ES defines none); escape '<' to match it literally`);
  const [, lo, hi] = m as unknown as [string, string, string];
  // Lucene: same written width on both ends means fixed width with zero padding.
  const digits = lo.length === hi.length ? lo.length : 0;
  const a = Number(lo);
  const b = Number(hi);
  return { kind: "interval", min: Math.min(a, b), max: Math.max(a, b), digits };
}
