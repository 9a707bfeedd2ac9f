import type { JsonObject } from "./json.ts";

/**
 * Query DSL builders. Every builder emits the exact form OpenSearch echoes
 * back after parsing (object form for term/prefix/wildcard, `wildcard` as the
 * key of a wildcard query, arrays for bool clauses) so that the canonical form
 * in canonical.ts has little to undo and a golden body reads like what the
 * node stores.
 */
export type Dsl = JsonObject;

export function matchAllQuery(): Dsl {
  return { match_all: {} };
}

export function matchNoneQuery(): Dsl {
  return { match_none: {} };
}

export function termQuery(field: string, value: string | number | boolean, caseInsensitive = false): Dsl {
  const inner: JsonObject = { value };
  // `case_insensitive` only means something for strings; numeric and boolean
  // fields reject it ("[case_insensitive] is not supported").
  if (caseInsensitive && typeof value === "string") inner.case_insensitive = true;
  return { term: { [field]: inner } };
}

export function termsQuery(field: string, values: readonly (string | number | boolean)[]): Dsl {
  return { terms: { [field]: [...values] } };
}

export function wildcardQuery(field: string, pattern: string, caseInsensitive: boolean): Dsl {
  const inner: JsonObject = { wildcard: pattern };
  if (caseInsensitive) inner.case_insensitive = true;
  return { wildcard: { [field]: inner } };
}

export function prefixQuery(field: string, prefix: string, caseInsensitive: boolean): Dsl {
  const inner: JsonObject = { value: prefix };
  if (caseInsensitive) inner.case_insensitive = true;
  return { prefix: { [field]: inner } };
}

/** Lucene RegExp with every optional operator on, which is what EQL's `regex` means. */
export function regexpQuery(field: string, pattern: string, caseInsensitive: boolean): Dsl {
  const inner: JsonObject = { value: pattern, flags: "ALL" };
  if (caseInsensitive) inner.case_insensitive = true;
  return { regexp: { [field]: inner } };
}

export function existsQuery(field: string): Dsl {
  return { exists: { field } };
}

export type RangeOp = "gt" | "gte" | "lt" | "lte";

export function rangeQuery(field: string, op: RangeOp, value: string | number): Dsl {
  return { range: { [field]: { [op]: value } } };
}

export function mustNotQuery(query: Dsl): Dsl {
  return { bool: { must_not: [query] } };
}

export function filterAllQuery(queries: readonly Dsl[]): Dsl {
  if (queries.length === 1 && queries[0] !== undefined) return queries[0];
  return { bool: { filter: [...queries] } };
}

export function shouldAnyQuery(queries: readonly Dsl[]): Dsl {
  if (queries.length === 1 && queries[0] !== undefined) return queries[0];
  return { bool: { should: [...queries], minimum_should_match: 1 } };
}

/**
 * Escapes a literal for a Lucene wildcard pattern: `*`, `?` and the escape
 * character `\` itself. Without this, `endsWith(file.path, "\\x.exe")` would
 * turn the backslash into an escape and match the wrong files.
 */
export function escapeWildcardLiteral(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/**
 * Turns an EQL `like`/`:` pattern into a Lucene wildcard pattern. EQL has no
 * escape inside patterns (a backslash is an ordinary character), while Lucene
 * treats `\` as an escape, so backslashes are doubled and `*`/`?` kept.
 */
export function eqlPatternToWildcard(pattern: string): string {
  return pattern.replace(/\\/g, "\\\\");
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}
