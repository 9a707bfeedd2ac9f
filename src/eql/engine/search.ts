/**
 * One-call search over an iterable or async iterable of events: parse (when
 * given text), compile, stream, finish.
 */
import type { Query } from "../ast.ts";
import { parseEql } from "../parser.ts";
import type { EngineOptions } from "./options.ts";
import type { EqlSearchResult } from "./result.ts";
import { compileEqlQuery, EqlCompileError } from "./session.ts";
import type { EqlEvent } from "./values.ts";

/** Parses `text` or throws EqlCompileError with the parser's located diagnostics. */
export function parseEqlOrThrow(text: string): Query {
  const parsed = parseEql(text);
  if (!parsed.ok) throw new EqlCompileError(parsed.diagnostics);
  return parsed.value;
}

/** Runs `query` over `events` like `_eql/search` would; rejects with EqlCompileError on a bad query. */
export async function searchEql(
  query: Query | string,
  events: Iterable<object> | AsyncIterable<object>,
  options?: EngineOptions,
): Promise<EqlSearchResult> {
  const compiled = compileEqlQuery(typeof query === "string" ? parseEqlOrThrow(query) : query, options);
  const session = compiled.startSearch();
  if (Symbol.asyncIterator in events) for await (const e of events) session.push(e as EqlEvent);
  else for (const e of events) session.push(e as EqlEvent);
  return session.finish();
}

/** Synchronous variant for in-memory arrays (tests, replay). */
export function searchEqlSync(query: Query | string, events: Iterable<object>, options?: EngineOptions): EqlSearchResult {
  const compiled = compileEqlQuery(typeof query === "string" ? parseEqlOrThrow(query) : query, options);
  const session = compiled.startSearch();
  for (const e of events) session.push(e as EqlEvent);
  return session.finish();
}
