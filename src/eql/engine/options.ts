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
}

export interface ResolvedOptions {
  readonly timestampField: string;
  readonly tiebreakerField: string | undefined;
  readonly eventCategoryField: string;
  readonly size: number;
  readonly resultPosition: "head" | "tail";
  readonly reorderWindow: number;
}

export function resolveOptions(o: EngineOptions = {}): ResolvedOptions {
  return {
    timestampField: o.timestampField ?? "@timestamp",
    tiebreakerField: o.tiebreakerField,
    eventCategoryField: o.eventCategoryField ?? "event.category",
    size: o.size ?? 10,
    resultPosition: o.resultPosition ?? "tail",
    reorderWindow: o.reorderWindow ?? 1024,
  };
}
