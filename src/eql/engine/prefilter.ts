/**
 * Text anchors for skipping events before parsing them. From a query we derive
 * a list of strings such that every event the query can use contains at least
 * one of them in its raw JSON text; a reader may drop lines containing none
 * without parsing them (most of the cost of a search is JSON.parse).
 *
 * Exactness: only case-sensitive positive tests contribute (category,
 * `==`/`in` with string constants, literal runs of case-sensitive `like`), and
 * only strings made of characters no JSON encoder escapes other than as
 * `\uXXXX` (ASCII letters, digits and a few punctuation marks; not `"`, `\`,
 * `/`, `<`, `>`, `&`, which some encoders write as `\/` or `\u003c`). The
 * only other way such a value can be spelled in JSON is with `\uXXXX`
 * escapes, so every disjunction also carries the anchor `\u`: a line with any
 * unicode escape is always parsed. Skipping is therefore exact, never a
 * heuristic. Case-insensitive tests (`:`, `~`) and negations give no anchor.
 */
import type { EventFilter, Expr, Query } from "../ast.ts";

/** A disjunction of anchors, or null when any line may match. */
export type Anchors = readonly string[] | null;

/** Present in every disjunction: a line spelling characters as `\uXXXX` may hide any anchor. */
export const UNICODE_ESCAPE = "\\u";

const SAFE = /^[A-Za-z0-9 _.,:;!#$%()*+\-=?@^`{|}~[\]']+$/;
const MIN_LENGTH = 3;

function safe(s: unknown): s is string {
  return typeof s === "string" && s.length >= MIN_LENGTH && SAFE.test(s);
}

/** Shortest anchor length: how selective a disjunction is (longer is rarer). */
function strength(a: Anchors): number {
  return a === null || a.length === 0 ? -1 : Math.min(...a.map((s) => s.length)) - Math.log2(a.length);
}

/** The more selective of two anchor sets; on a tie `b` (callers pass the more specific one second). */
function better(a: Anchors, b: Anchors): Anchors {
  return strength(b) >= strength(a) ? b : a;
}

function either(a: Anchors, b: Anchors): Anchors {
  return a === null || b === null ? null : [...new Set([...a, ...b])];
}

/** Longest literal run of a case-sensitive wildcard pattern. */
function wildcardAnchor(pattern: unknown): string | null {
  if (typeof pattern !== "string") return null;
  const runs = pattern.split(/[*?]/).filter(safe).sort((x, y) => y.length - x.length);
  return runs[0] ?? null;
}

function conditionAnchors(e: Expr): Anchors {
  switch (e.kind) {
    case "logical": {
      const l = conditionAnchors(e.left);
      const r = conditionAnchors(e.right);
      return e.op === "and" ? better(l, r) : either(l, r);
    }
    case "compare": {
      if (e.op !== "==") return null;
      const [field, other] = e.left.kind === "field" ? [e.left, e.right] : [e.right, e.left];
      return field.kind === "field" && other.kind === "literal" && safe(other.value) ? [other.value] : null;
    }
    case "in": {
      if (e.negated || e.caseInsensitive || e.value.kind !== "field") return null;
      const items = e.list.map((i) => (i.kind === "literal" && safe(i.value) ? i.value : null));
      return items.every((i): i is string => i !== null) ? items : null;
    }
    case "match": {
      if (e.caseInsensitive || e.op !== "like" || e.value.kind !== "field") return null;
      const runs = e.patterns.map((p) => wildcardAnchor(p.value));
      return runs.every((r): r is string => r !== null) ? runs : null;
    }
    default:
      return null;
  }
}

function filterAnchors(f: EventFilter): Anchors {
  const category = f.category !== null && f.category !== "any" && safe(f.category) ? [f.category] : null;
  return better(category, conditionAnchors(f.condition));
}

/** The anchor clauses before `\u` is added: one per anchored conjunct of an event query. */
function deriveEventClauses(query: Query): readonly (readonly string[])[] {
  if (query.kind !== "event") {
    const single = deriveQueryAnchors(query);
    return single === null ? [] : [single];
  }
  const clauses: (readonly string[])[] = [];
  const collect = (e: Expr): void => {
    if (e.kind === "logical" && e.op === "and") {
      collect(e.left);
      collect(e.right);
      return;
    }
    const a = conditionAnchors(e);
    if (a !== null) clauses.push(a);
  };
  const f = query.filter;
  if (f.category !== null && f.category !== "any" && safe(f.category)) clauses.push([f.category]);
  collect(f.condition);
  return clauses;
}

/** Anchors for a whole query before `\u` is added. */
function deriveQueryAnchors(query: Query): Anchors {
  switch (query.kind) {
    case "event":
      return filterAnchors(query.filter);
    case "sequence":
      return [...query.stages, ...(query.until ? [query.until] : [])].map((s) => filterAnchors(s.filter)).reduce(either);
    case "sample":
      return query.stages.map((s) => filterAnchors(s.filter)).reduce(either);
  }
}

// No anchor is `\u` itself: SAFE excludes the backslash.
function withEscapes(a: readonly string[]): readonly string[] {
  return [...a, UNICODE_ESCAPE];
}

/**
 * Every anchor clause a usable event satisfies (a conjunction of
 * disjunctions), each ending with `UNICODE_ESCAPE`: for an event query one
 * clause per anchored conjunct, so a reader can scan for the best clause and
 * check the others on the raw line before parsing it. For sequences and
 * samples, the single clause of `deriveAnchors`.
 */
export function deriveAnchorClauses(query: Query): readonly (readonly string[])[] {
  return deriveEventClauses(query).map(withEscapes);
}

/** Anchors for a whole query (any stage of a sequence or sample, missing and until included), ending with `UNICODE_ESCAPE`. */
export function deriveAnchors(query: Query): Anchors {
  const a = deriveQueryAnchors(query);
  return a === null ? null : withEscapes(a);
}
