/**
 * The search result, shaped like the body of Elasticsearch's `_eql/search`
 * response so tools and tests can treat both alike.
 */
import type { EventRecord } from "./event-record.ts";
import type { EqlEvent, EqlScalar } from "./values.ts";

export interface EqlHit {
  readonly _index: string;
  readonly _id: string;
  readonly _source: EqlEvent;
}

/** Placeholder for a missing-event stage `![…]` in a sequence result. */
export interface EqlMissingHit {
  readonly _index: "";
  readonly _id: "";
  readonly _source: Record<string, never>;
  readonly missing: true;
}

export interface EqlSequenceHit {
  readonly join_keys: readonly EqlScalar[];
  readonly events: readonly (EqlHit | EqlMissingHit)[];
}

export interface EqlSearchResult {
  readonly is_partial: false;
  readonly is_running: false;
  readonly took: number;
  readonly timed_out: false;
  readonly hits: {
    /** The number of results returned (after size and pipes). */
    readonly total: { readonly value: number; readonly relation: "eq" };
    readonly events?: readonly EqlHit[];
    readonly sequences?: readonly EqlSequenceHit[];
  };
}

export function toHit(r: EventRecord): EqlHit {
  return { _index: r.index, _id: r.id, _source: r.source };
}

export const MISSING_HIT: EqlMissingHit = Object.freeze({ _index: "", _id: "", _source: Object.freeze({}) as Record<string, never>, missing: true });

export function buildResult(started: number, hits: { events?: readonly EqlHit[]; sequences?: readonly EqlSequenceHit[] }): EqlSearchResult {
  const value = hits.events?.length ?? hits.sequences?.length ?? 0;
  return {
    is_partial: false,
    is_running: false,
    took: Math.max(0, Date.now() - started),
    timed_out: false,
    hits: { total: { value, relation: "eq" }, ...hits },
  };
}
