/**
 * Missing-event stages `![…]` (C.5). Per key and missing stage we keep the two
 * most recent DISTINCT timestamps of matching events: enough to answer
 * "latest match strictly before t" and "any match strictly between a and b"
 * for the event being processed (events arrive in time order). The tests are
 * on timestamps only, as in ES.
 */

export interface MissingTrack {
  last: number;
  /** The latest matching timestamp strictly below `last`. */
  prev: number;
}

export function newTrack(): MissingTrack {
  return { last: -Infinity, prev: -Infinity };
}

export function recordMatch(track: MissingTrack, ts: number): void {
  if (ts > track.last) {
    track.prev = track.last;
    track.last = ts;
  }
}

/** The latest matching timestamp strictly before `ts` (valid while `ts` >= every recorded one). */
export function latestBefore(track: MissingTrack, ts: number): number {
  return track.last < ts ? track.last : track.prev;
}

/** Is there a match with `after < t < before`? */
export function existsBetween(track: MissingTrack, after: number, before: number): boolean {
  return latestBefore(track, before) > after;
}

export interface MissingEvidence {
  readonly hasLeading: boolean;
  readonly hasTrailing: boolean;
  /** Latest leading-stage match before the first positive event. */
  readonly lastLeading: number | undefined;
  /** Earliest trailing-stage match after the last positive event. */
  readonly firstTrailing: number | undefined;
  readonly firstPositive: number;
  readonly lastPositive: number;
  readonly maxspan: number;
}

/** The keep rules of C.5, verbatim: true keeps the candidate sequence. */
export function keepsCandidate(m: MissingEvidence): boolean {
  if (m.lastLeading === undefined && m.firstTrailing === undefined) return true;
  if (m.hasLeading && m.lastLeading === undefined) return true;
  if (m.hasTrailing && m.firstTrailing === undefined) return true;
  if (m.hasLeading && m.hasTrailing) return m.firstTrailing! - m.lastLeading! > m.maxspan;
  if (m.hasLeading) return m.lastPositive - m.lastLeading! > m.maxspan;
  return m.firstTrailing! - m.firstPositive > m.maxspan;
}
