/**
 * Lucene RegExp -> a whole-string test. Patterns made only of the operators
 * JavaScript shares with Lucene are translated to one anchored JS RegExp (fast
 * path). Patterns using `&`, `~` or `<n-m>` (which JS cannot express) run on a
 * small position-set matcher over code points: for each node it computes the
 * set of end positions reachable from a start position, which handles
 * intersection and complement exactly. Both back ends read the same AST.
 */
import { foldCase, foldClassOf } from "./case-fold.ts";
import { parseLuceneRegex, type LuceneRegex } from "./lucene-regex-parser.ts";
import type { StringTest } from "./wildcard.ts";

export { LuceneRegexError, parseLuceneRegex, type LuceneRegex } from "./lucene-regex-parser.ts";

const JS_SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
const JS_CLASS_SYNTAX = new Set([..."\\]^-["]);

function escapeCp(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  return (inClass ? JS_CLASS_SYNTAX : JS_SYNTAX).has(ch) ? "\\" + ch : ch;
}

/**
 * `regex~` as Elasticsearch runs it on a field: RegexpQueryBuilder asks Lucene
 * for case-insensitive matching, and Lucene's RegExp folds each LITERAL
 * character (REGEXP_CHAR, REGEXP_STRING) to its case alternates while leaving
 * character ranges and classes as written (`[a-z]` does not match `A`).
 * Lucene 10 (Elasticsearch 9) takes Unicode alternates (CaseFolding); the
 * literal here matches every code point with the same per-code-point fold,
 * the fold every other `~` operator uses (case-fold.ts). (Lucene 9, as in
 * OpenSearch 2.x, folded ASCII letters only; targets/opensearch rewrites
 * literals into fold classes so that the node matches this.)
 */
function literalClass(cp: number): number[] {
  return foldClassOf(String.fromCodePoint(cp)).map((c) => c.codePointAt(0)!);
}

function escapeLiteral(cp: number, ci: boolean): string {
  if (!ci) return escapeCp(cp, false);
  const members = literalClass(cp);
  return members.length === 1 ? escapeCp(cp, false) : `[${members.map((m) => escapeCp(m, true)).join("")}]`;
}

/** JS RegExp source for a node (flags `su`, never `i`, which would fold classes too: see literalClass), or null when JS cannot express it. */
export function translateToJsSource(node: LuceneRegex, ci = false): string | null {
  switch (node.kind) {
    case "char":
      return escapeLiteral(node.cp, ci);
    case "any-char":
      return ".";
    case "any-string":
      return ".*";
    case "empty-language":
      return "(?!)";
    case "string":
      return `(?:${[...node.text].map((c) => escapeLiteral(c.codePointAt(0)!, ci)).join("")})`;
    case "class": {
      const body = node.ranges
        .map(([a, b]) => (a === b ? escapeCp(a, true) : `${escapeCp(a, true)}-${escapeCp(b, true)}`))
        .join("");
      return `[${node.negated ? "^" : ""}${body}]`;
    }
    case "concat":
    case "union": {
      const parts = (node.kind === "concat" ? node.parts : node.options).map((n) => translateToJsSource(n, ci));
      if (parts.some((p) => p === null)) return null;
      return `(?:${parts.join(node.kind === "concat" ? "" : "|")})`;
    }
    case "repeat": {
      const inner = translateToJsSource(node.operand, ci);
      if (inner === null) return null;
      const max = node.max === Infinity ? "" : String(node.max);
      return `(?:${inner}){${node.min},${max}}`;
    }
    case "intersection":
    case "complement":
    case "interval":
      return null;
  }
}

// ------------------------------------------------------------ position sets

type Positions = ReadonlySet<number>;

function inRanges(cp: number, ranges: readonly (readonly [number, number])[]): boolean {
  for (const [a, b] of ranges) if (cp >= a && cp <= b) return true;
  return false;
}

/** Input `cp` against literal `literal` (same fold under `ci`, see literalClass). */
function literalMatches(cp: number, literal: number, ci: boolean): boolean {
  return cp === literal || (ci && foldCase(String.fromCodePoint(cp)) === foldCase(String.fromCodePoint(literal)));
}

/** End positions reachable from `start` for `node` over `s` (code points). */
function endsFrom(node: LuceneRegex, s: readonly number[], start: number, ci: boolean): Positions {
  const single = (ok: (cp: number) => boolean): Positions => (start < s.length && ok(s[start]!) ? new Set([start + 1]) : new Set());
  switch (node.kind) {
    case "char":
      return single((cp) => literalMatches(cp, node.cp, ci));
    case "any-char":
      return start < s.length ? new Set([start + 1]) : new Set();
    case "any-string": {
      const out = new Set<number>();
      for (let i = start; i <= s.length; i++) out.add(i);
      return out;
    }
    case "empty-language":
      return new Set();
    case "string": {
      const text = [...node.text].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < text.length; i++) {
        const cp = s[start + i];
        if (cp === undefined) return new Set();
        if (!literalMatches(cp, text[i]!, ci)) return new Set();
      }
      return new Set([start + text.length]);
    }
    case "class":
      return single((cp) => inRanges(cp, node.ranges) !== node.negated);
    case "interval": {
      const out = new Set<number>();
      for (let end = start + 1; end <= s.length; end++) {
        const cp = s[end - 1]!;
        if (cp < 48 || cp > 57) break;
        const width = end - start;
        if (node.digits > 0 && width !== node.digits) continue;
        const value = Number(String.fromCodePoint(...s.slice(start, end)));
        if (value >= node.min && value <= node.max) out.add(end);
      }
      return out;
    }
    case "concat": {
      let current: Positions = new Set([start]);
      for (const part of node.parts) {
        const next = new Set<number>();
        for (const p of current) for (const e of endsFrom(part, s, p, ci)) next.add(e);
        current = next;
        if (current.size === 0) break;
      }
      return current;
    }
    case "union": {
      const out = new Set<number>();
      for (const option of node.options) for (const e of endsFrom(option, s, start, ci)) out.add(e);
      return out;
    }
    case "intersection": {
      let current = new Set(endsFrom(node.options[0]!, s, start, ci));
      for (const option of node.options.slice(1)) {
        const other = endsFrom(option, s, start, ci);
        current = new Set([...current].filter((e) => other.has(e)));
      }
      return current;
    }
    case "complement": {
      const inner = endsFrom(node.operand, s, start, ci);
      const out = new Set<number>();
      for (let i = start; i <= s.length; i++) if (!inner.has(i)) out.add(i);
      return out;
    }
    case "repeat": {
      // Breadth-first over repetition counts. Once the minimum is reached, a
      // position already expanded at a count >= min adds nothing new (its
      // continuations are all >= min too), so the loop terminates.
      let frontier: Positions = new Set([start]);
      const out = new Set<number>(node.min === 0 ? [start] : []);
      const expanded = new Set<number>(node.min === 0 ? [start] : []);
      for (let count = 1; count <= node.max && frontier.size > 0; count++) {
        const next = new Set<number>();
        for (const p of frontier) for (const e of endsFrom(node.operand, s, p, ci)) next.add(e);
        if (count < node.min) {
          frontier = next;
          continue;
        }
        for (const e of next) out.add(e);
        frontier = new Set([...next].filter((e) => !expanded.has(e)));
        for (const e of next) expanded.add(e);
      }
      return out;
    }
  }
}

/** Whole-string match on the position-set back end (exported for differential tests). */
export function matchBySets(node: LuceneRegex, s: string, caseInsensitive = false): boolean {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  return endsFrom(node, cps, 0, caseInsensitive).has(cps.length);
}

/**
 * Compiles a Lucene pattern into a whole-string test. `caseInsensitive`
 * (`regex~`) folds literal characters, not classes (see literalClass).
 * Throws LuceneRegexError on bad syntax.
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): StringTest {
  const ast = parseLuceneRegex(pattern);
  const source = translateToJsSource(ast, caseInsensitive);
  if (source !== null) {
    const re = new RegExp(`^(?:${source})$`, "su");
    return (s) => re.test(s);
  }
  return (s) => matchBySets(ast, s, caseInsensitive);
}
