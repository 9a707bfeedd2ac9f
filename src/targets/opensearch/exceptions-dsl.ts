import type { ExceptionEntry, ResolvedException } from "../../detection/index.ts";
import { eqlPatternToWildcard, existsQuery, filterAllQuery, mustNotQuery, termQuery, termsQuery, wildcardQuery, type Dsl } from "./dsl.ts";

/**
 * Exceptions -> the `must_not` clauses of a monitor's search. An item is
 * excepted when all its entries match (bool filter); any item excepts the event
 * (one must_not clause per item). Matching follows model.ts: equals/any-of are
 * exact and case-sensitive, wildcard is case-insensitive, exists is "has a
 * non-null value", cidr tests an ip field.
 */
export function compileExceptionClauses(exceptions: readonly ResolvedException[]): Dsl[] {
  return exceptions.filter((e) => e.entries.length > 0).map((e) => filterAllQuery(e.entries.map(compileExceptionEntry)));
}

export function compileExceptionEntry(entry: ExceptionEntry): Dsl {
  const query = compilePositiveEntry(entry);
  return entry.negate === true ? mustNotQuery(query) : query;
}

function compilePositiveEntry(entry: ExceptionEntry): Dsl {
  switch (entry.kind) {
    case "equals":
      return termQuery(entry.field, entry.value);
    case "any-of":
      return termsQuery(entry.field, entry.values);
    case "wildcard":
      // Exception wildcards share EQL's pattern rules: `*`/`?`, backslash literal.
      return wildcardQuery(entry.field, eqlPatternToWildcard(entry.pattern), true);
    case "exists":
      return existsQuery(entry.field);
    case "cidr":
      return termsQuery(entry.field, entry.cidrs);
  }
}
