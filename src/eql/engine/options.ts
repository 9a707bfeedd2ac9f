import type { IndexMapping } from "../mapping.ts";
import type { EqlEvent } from "./values.ts";

/** Request parameters of an in-memory search, mirroring `_eql/search`'s. */
export interface EngineOptions {
  /** Default `@timestamp`. Values: ISO 8601 strings or epoch millis (number or numeric string). */
  readonly timestampField?: string;
  /** No default (ECS recommends `event.sequence`). */
  readonly tiebreakerField?: string;
  /** Default `event.category`. */
  readonly eventCategoryField?: string;
  /** Default 10. */
  readonly size?: number;
  /** Default `tail` (the most recent results). */
  readonly resultPosition?: "head" | "tail";
  /**
   * Sequences only: how many stage-matching events are held to restore time
   * order when the input is not sorted (default 1024; 0 trusts input order).
   * An event older than one already released is "late": it is not used for
   * sequences and is counted in `SearchStats.lateEvents`.
   */
  readonly reorderWindow?: number;
  /**
   * The index mapping the events would be indexed with. Mapped fields then
   * match as their type does in ES (version order, dates, null_value, numeric
   * coercion, keyword sub-fields of text), an optional `?f` the mapping lacks
   * is the literal null, and the raw-line prefilter is off (indexed values
   * need not appear in the raw text). Unmapped fields keep the inference.
   */
  readonly mapping?: IndexMapping;
  /**
   * How events equal in timestamp and tiebreaker are ordered. `input`
   * (default): input order, as `_eql/search` orders them on a one-shard index.
   * `id`: by document id (the `_id` given with the event or in it; digit runs
   * compare as numbers, see document-id-order.ts), then input order: the
   * order dac's OpenSearch sequence and sample monitors give them on any
   * number of shards, which `dac test --offline` and `dac scan` use. Samples
   * then also read their candidates in that order (timestamp first, missing
   * last) instead of input order, as the sample monitor does.
   */
  readonly tieOrder?: "input" | "id";
  /**
   * What a kept result holds until the response is written: called once for
   * each result the search keeps, with its event (event queries, when it
   * enters the size window) or its whole hit (sequences, `{join_keys,
   * events}`, on completion), it returns a stand-in whose JSON is the same,
   * e.g. one whose `toJSON` reads it back from disk. Default: the value
   * itself. Asked for every result, a search otherwise holds every matching
   * event's object graph to the end.
   */
  readonly keepResult?: (value: EqlEvent) => EqlEvent;
}

export interface ResolvedOptions {
  readonly timestampField: string;
  readonly tiebreakerField: string | undefined;
  readonly eventCategoryField: string;
  readonly size: number;
  readonly resultPosition: "head" | "tail";
  readonly reorderWindow: number;
  readonly mapping: IndexMapping | undefined;
  readonly tieOrder: "input" | "id";
  readonly keepResult: ((value: EqlEvent) => EqlEvent) | undefined;
}

export function resolveOptions(o: EngineOptions = {}): ResolvedOptions {
  return {
    timestampField: o.timestampField ?? "@timestamp",
    tiebreakerField: o.tiebreakerField,
    eventCategoryField: o.eventCategoryField ?? "event.category",
    size: o.size ?? 10,
    resultPosition: o.resultPosition ?? "tail",
    reorderWindow: o.reorderWindow ?? 1024,
    mapping: o.mapping,
    tieOrder: o.tieOrder ?? "input",
    keepResult: o.keepResult,
  };
}
