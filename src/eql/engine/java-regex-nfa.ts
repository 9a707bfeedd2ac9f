/**
 * `regex` over a computed value (a function result): Elasticsearch runs it
 * with java.util.regex (`Pattern.compile(p, ci ? CASE_INSENSITIVE : 0)`,
 * QL's RegexOperation), and the engine with a JS RegExp of the same syntax.
 * This compiles such a pattern into a Thompson NFA over UTF-16 code units, a
 * plain data value that two interpreters run: the engine for `regex~` (Java's
 * CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only, in literals
 * and in classes, which no JS flag does) and the OpenSearch target, whose
 * fixed Painless program cannot compile a regular expression at run time but
 * can walk this automaton (expr-script.ts).
 * Whole-string match (Java's `matches()`), `.` any code unit but Java's line
 * terminators (no DOTALL) and `\s` Java's ASCII spaces (java-regex-js.ts says
 * why), `^`/`$` at the ends only. Backreferences, look-around and word
 * boundaries have no NFA form: compileRegexNfa returns the construct's offset
 * instead.
 */
import { RegExpParser } from "@eslint-community/regexpp";
import { JAVA_LINE_TERMINATORS, JAVA_SPACE_RANGES } from "./java-regex-js.ts";
import type { Alternative, CharacterClass, CharacterClassElement, Element, Node } from "@eslint-community/regexpp/ast";

/** Edge kinds: 0 epsilon, 1 one code unit in `r` (pairs lo, hi), 2 only at the start, 3 only at the end. */
export interface NfaEdge {
  readonly k: 0 | 1 | 2 | 3;
  readonly t: number;
  readonly r?: readonly number[];
}

export interface RegexNfa {
  /** Edges per state; state 0 starts, `accept` ends. */
  readonly states: readonly (readonly NfaEdge[])[];
  readonly accept: number;
}

export type RegexNfaResult = { readonly ok: true; readonly nfa: RegexNfa } | { readonly ok: false; readonly offset: number; readonly reason: string };

/** Beyond this the per-event simulation would cost too much in a monitor (and repeats unroll). */
export const MAX_NFA_STATES = 2000;

type Ranges = [number, number][];

const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: Ranges = JAVA_SPACE_RANGES.map(([lo, hi]) => [lo, hi]);

function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

/** Java CASE_INSENSITIVE (no UNICODE_CASE): a range also takes the other case of its ASCII letters. */
function withAsciiCases(ranges: Ranges): Ranges {
  const out: Ranges = [...ranges];
  for (const [lo, hi] of ranges) {
    const upLo = Math.max(lo, 65), upHi = Math.min(hi, 90);
    if (upLo <= upHi) out.push([upLo + 32, upHi + 32]);
    const lowLo = Math.max(lo, 97), lowHi = Math.min(hi, 122);
    if (lowLo <= lowHi) out.push([lowLo - 32, lowHi - 32]);
  }
  return normalize(out);
}

/** Java's `.` without DOTALL: every code unit but a line terminator. */
const DOT: Ranges = complement(JAVA_LINE_TERMINATORS.map((c) => [c, c]));

class Unsupported extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(reason);
  }
}

class Builder {
  readonly states: NfaEdge[][] = [[]];
  constructor(private readonly ci: boolean) {}

  state(): number {
    if (this.states.length >= MAX_NFA_STATES) throw new Unsupported(0, `a pattern of more than ${MAX_NFA_STATES} automaton states`);
    this.states.push([]);
    return this.states.length - 1;
  }

  edge(from: number, k: NfaEdge["k"], to: number, ranges?: Ranges): void {
    this.states[from]!.push(ranges ? { k, t: to, r: normalize(ranges).flat() } : { k, t: to });
  }

  /** Adds `node` between `from` and a new state, which it returns. */
  build(node: Node, from: number): number {
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup":
        return this.alternatives(node.alternatives, from);
      case "Alternative":
        return node.elements.reduce((at, e) => this.build(e, at), from);
      case "Character":
      case "CharacterSet":
      case "CharacterClass": {
        const to = this.state();
        this.edge(from, 1, to, this.rangesOf(node));
        return to;
      }
      case "Quantifier":
        return this.repeat(node.element, node.min, node.max, from);
      case "Assertion": {
        if (node.kind !== "start" && node.kind !== "end") throw new Unsupported(node.start, `\`${node.raw}\` (look-around and word boundaries have no automaton)`);
        const to = this.state();
        this.edge(from, node.kind === "start" ? 2 : 3, to);
        return to;
      }
      default:
        throw new Unsupported(node.start, `\`${node.raw}\` (a ${node.type} has no automaton)`);
    }
  }

  private alternatives(alternatives: readonly Alternative[], from: number): number {
    if (alternatives.length === 1) return this.build(alternatives[0]!, from);
    const end = this.state();
    for (const alternative of alternatives) {
      const start = this.state();
      this.edge(from, 0, start);
      this.edge(this.build(alternative, start), 0, end);
    }
    return end;
  }

  private repeat(element: Element, min: number, max: number, from: number): number {
    let at = from;
    for (let i = 0; i < min; i++) at = this.build(element, at);
    if (max === Infinity) {
      const loop = this.state();
      this.edge(at, 0, loop);
      this.edge(this.build(element, loop), 0, loop);
      return loop;
    }
    const end = this.state();
    this.edge(at, 0, end);
    for (let i = min; i < max; i++) {
      at = this.build(element, at);
      this.edge(at, 0, end);
    }
    return end;
  }

  private rangesOf(node: CharacterClassElement | CharacterClass | Element): Ranges {
    switch (node.type) {
      case "Character":
        return this.ci ? withAsciiCases([[node.value, node.value]]) : [[node.value, node.value]];
      case "CharacterClassRange":
        return this.ci ? withAsciiCases([[node.min.value, node.max.value]]) : [[node.min.value, node.max.value]];
      case "CharacterSet": {
        if (node.kind === "any") return DOT;
        const base = node.kind === "digit" ? DIGIT : node.kind === "space" ? SPACE : node.kind === "word" ? WORD : null;
        if (base === null) throw new Unsupported(node.start, `\`${node.raw}\` (Unicode properties)`);
        return node.negate ? complement(base) : base;
      }
      case "CharacterClass": {
        const inside = normalize(node.elements.flatMap((e) => this.rangesOf(e)));
        return node.negate ? complement(inside) : inside;
      }
      default:
        throw new Unsupported(node.start, `\`${node.raw}\` inside a character class`);
    }
  }
}

/** The automaton of a Java/JS-syntax pattern (whole-string match), or where it has none. */
export function compileRegexNfa(pattern: string, caseInsensitive: boolean): RegexNfaResult {
  try {
    const ast = new RegExpParser({ ecmaVersion: 2024, strict: false }).parsePattern(pattern, 0, pattern.length, { unicode: false, unicodeSets: false });
    const builder = new Builder(caseInsensitive);
    const end = builder.build(ast, 0);
    return { ok: true, nfa: { states: builder.states, accept: end } };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, offset: err.offset, reason: err.reason };
    if (err instanceof SyntaxError) return { ok: false, offset: 0, reason: err.message };
    throw err;
  }
}

function closure(nfa: RegexNfa, states: Set<number>, at: number, length: number): Set<number> {
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const e of nfa.states[s]!) {
      const passes = e.k === 0 || (e.k === 2 && at === 0) || (e.k === 3 && at === length);
      if (passes && !states.has(e.t)) {
        states.add(e.t);
        stack.push(e.t);
      }
    }
  }
  return states;
}

/** Whole-string match of `s` (UTF-16 code units), as expr-script.ts walks the same automaton. */
export function matchesNfa(nfa: RegexNfa, s: string): boolean {
  let current = closure(nfa, new Set([0]), 0, s.length);
  for (let i = 0; i < s.length && current.size > 0; i++) {
    const c = s.charCodeAt(i);
    const next = new Set<number>();
    for (const st of current) {
      for (const e of nfa.states[st]!) {
        if (e.k !== 1) continue;
        const r = e.r!;
        for (let j = 0; j < r.length; j += 2) {
          if (c >= r[j]! && c <= r[j + 1]!) {
            next.add(e.t);
            break;
          }
        }
      }
    }
    current = closure(nfa, next, i + 1, s.length);
  }
  return current.has(nfa.accept);
}
