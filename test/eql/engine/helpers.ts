/** Small builders shared by the engine tests. */
import { compileEqlQuery, parseEqlOrThrow, searchEqlSync, type EngineOptions, type EqlSearchResult } from "../../../src/eql/index.ts";

/** An event with an id, a millisecond timestamp and a category. */
export function ev(id: string | number, ts: number, category: string | string[] | null, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { _id: String(id), "@timestamp": ts, ...(category === null ? {} : { event: { category } }), ...fields };
}

export function search(query: string, events: readonly object[], options?: EngineOptions): EqlSearchResult {
  return searchEqlSync(query, events, options);
}

/** Sequence results as arrays of `_id` ("-" for a missing-event placeholder). */
export function sequenceIds(result: EqlSearchResult): string[][] {
  return (result.hits.sequences ?? []).map((s) => s.events.map((e) => ("missing" in e ? "-" : e._id)));
}

export function eventIds(result: EqlSearchResult): string[] {
  return (result.hits.events ?? []).map((e) => e._id);
}

/** Does the single-event query `query` match `event`? */
export function matches(query: string, event: Record<string, unknown>): boolean {
  return compileEqlQuery(parseEqlOrThrow(query)).matchesEvent(event);
}

/** Filter test on an event with category "x": `where <condition>`. */
export function holds(condition: string, fields: Record<string, unknown>): boolean {
  return matches(`any where ${condition}`, fields);
}
