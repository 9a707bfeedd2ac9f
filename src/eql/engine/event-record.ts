/**
 * An input event as the engine holds it: the source, its identity in the
 * response (`_id`, `_index`) and its ordinal (timestamp, tiebreaker, then
 * the document id when the search orders ties by id, then input order),
 * which decides sequence order and head/tail.
 */
import { compareDocumentIds } from "./document-id-order.ts";
import type { EqlEvent, EqlValue } from "./values.ts";

export interface EventRecord {
  readonly source: EqlEvent;
  readonly id: string;
  readonly index: string;
  /** Epoch milliseconds; NaN for sample queries over events without a timestamp. */
  readonly ts: number;
  /** Tiebreaker value, undefined when the event lacks it (or none is configured). */
  readonly tiebreaker: EqlValue | undefined;
  /** Input order (0-based), the implicit last tiebreaker. */
  readonly seq: number;
  /**
   * The document id ties are ordered by before input order (options.ts
   * `tieOrder: "id"`); undefined when ties keep input order or the event has no `_id`.
   */
  readonly orderId?: string | undefined;
}

function compareTiebreakers(a: EqlValue | undefined, b: EqlValue | undefined): number {
  if (a === b) return 0;
  // Events that HAVE the tiebreaker sort before events that lack it (C.5; as an
  // ascending ES sort with missing values last).
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === "number" ? -1 : typeof b === "number" ? 1 : String(a) < String(b) ? -1 : 1;
}

function compareOrderIds(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  // Events without an id after those with one, as for a missing tiebreaker.
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compareDocumentIds(a, b);
}

/** Orders two records by (timestamp, tiebreaker, order id, input order); no timestamp (samples) sorts last. */
export function compareRecords(a: EventRecord, b: EventRecord): number {
  if (a.ts !== b.ts) {
    // NaN !== NaN: two events without a timestamp tie here and go on to the tiebreaker.
    const aNone = Number.isNaN(a.ts);
    const bNone = Number.isNaN(b.ts);
    if (!aNone || !bNone) return aNone ? 1 : bNone ? -1 : a.ts < b.ts ? -1 : 1;
  }
  return compareTiebreakers(a.tiebreaker, b.tiebreaker) || compareOrderIds(a.orderId, b.orderId) || a.seq - b.seq;
}

const NUMERIC = /^[+-]?\d+(\.\d+)?$/;
const NO_ZONE = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Reads a timestamp as epoch milliseconds: numbers and numeric strings are
 * epoch millis; other strings are ISO 8601 dates (a date-time without a zone
 * is UTC, as in ES). Returns null when there is nothing parseable.
 */
export function parseTimestampMillis(value: EqlValue | null): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  if (NUMERIC.test(value)) return Number(value);
  const ms = Date.parse(NO_ZONE.test(value) ? value + "Z" : value);
  return Number.isNaN(ms) ? null : ms;
}
