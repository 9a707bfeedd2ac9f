/**
 * eql/engine: runs EQL in memory with Elasticsearch's semantics.
 * Input: a parsed `Query` (or query text) and events (plain JSON objects, in an
 * iterable, an async iterable, or pushed one at a time). Output: a body shaped
 * like `_eql/search`'s response. Compiles once into closures; streams with
 * memory bounded by pending sequences and the size window. No I/O.
 */
export { compileEqlQuery, tryCompileEqlQuery, EqlCompileError, type CompiledEqlQuery, type EqlSearchSession, type EventMeta, type SearchStats } from "./session.ts";
export { searchEql, searchEqlSync, parseEqlOrThrow } from "./search.ts";
export type { EngineOptions } from "./options.ts";
export type { EqlSearchResult, EqlHit, EqlMissingHit, EqlSequenceHit } from "./result.ts";
export type { EqlEvent, EqlScalar, EqlValue } from "./values.ts";
export { compileLuceneRegex, parseLuceneRegex, LuceneRegexError, type LuceneRegex } from "./lucene-regex.ts";
export { compileWildcard } from "./wildcard.ts";
export { foldCase, foldClassOf } from "./case-fold.ts";
export { compileRegexNfa, matchesNfa, MAX_NFA_STATES, type RegexNfa, type NfaEdge } from "./java-regex-nfa.ts";
export { compileFieldReader, type FieldReader } from "./field-access.ts";
export { deriveAnchors, deriveAnchorClauses, type Anchors } from "./prefilter.ts";
