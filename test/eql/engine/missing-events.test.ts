import { describe, expect, it } from "vitest";
import { existsBetween, keepsCandidate, latestBefore, newTrack, recordMatch } from "../../../src/eql/engine/missing-events.ts";
import { ev, search, sequenceIds } from "./helpers.ts";

const A = (id: number, ts: number, k = "h") => ev(id, ts, "a", { k });
const B = (id: number, ts: number, k = "h") => ev(id, ts, "b", { k });
const M = (id: number, ts: number, k = "h") => ev(id, ts, "m", { k });
const seq = (q: string, events: object[]) => sequenceIds(search(q, events, { size: 100 }));

describe("missing events ![…] (C.5)", () => {
  it("middle: a matching event strictly between the positives discards the candidate", () => {
    const q = "sequence by k with maxspan=1s [a where true] ![m where true] [b where true]";
    expect(seq(q, [A(1, 10), B(2, 20)])).toEqual([["1", "-", "2"]]);
    expect(seq(q, [A(1, 10), M(2, 15), B(3, 20)])).toEqual([]);
    // timestamps only, strictly: a missing event at the same ms as a positive does not count
    expect(seq(q, [A(1, 10), M(2, 10), B(3, 20)])).toEqual([["1", "-", "3"]]);
    expect(seq(q, [A(1, 10), M(2, 20), B(3, 20)])).toEqual([["1", "-", "3"]]);
    // another key's missing event does not count
    expect(seq(q, [A(1, 10), M(2, 15, "other"), B(3, 20)])).toEqual([["1", "-", "3"]]);
  });

  it("leading: kept when no leading event, or the latest one is more than maxspan before the last positive", () => {
    const q = "sequence by k with maxspan=100ms ![m where true] [a where true] [b where true]";
    expect(seq(q, [A(1, 1000), B(2, 1010)])).toEqual([["-", "1", "2"]]);
    expect(seq(q, [M(1, 950), A(2, 1000), B(3, 1010)])).toEqual([]);
    expect(seq(q, [M(1, 900), A(2, 1000), B(3, 1010)])).toEqual([["-", "2", "3"]]); // 1010 - 900 > 100
    expect(seq(q, [M(1, 910), A(2, 1000), B(3, 1010)])).toEqual([]); // exactly maxspan: discarded
  });

  it("trailing: kept when no trailing event, or the first one is more than maxspan after the first positive", () => {
    const q = "sequence by k with maxspan=100ms [a where true] [b where true] ![m where true]";
    expect(seq(q, [A(1, 1000), B(2, 1010)])).toEqual([["1", "2", "-"]]);
    expect(seq(q, [A(1, 1000), B(2, 1010), M(3, 1050)])).toEqual([]);
    expect(seq(q, [A(1, 1000), B(2, 1010), M(3, 1101)])).toEqual([["1", "2", "-"]]);
    expect(seq(q, [A(1, 1000), B(2, 1010), M(3, 1100)])).toEqual([]);
  });

  it("trailing lookahead does not reorder results: they still come out in completion order", () => {
    const q = "sequence by k with maxspan=100ms [a where true] [b where true] ![m where true]";
    const r = seq(q, [A(1, 1000, "x"), B(2, 1010, "x"), A(3, 1020, "y"), B(4, 1030, "y"), M(5, 1040, "y")]);
    expect(r).toEqual([["1", "2", "-"]]);
  });

  it("leading and trailing: kept unless firstTrailing - lastLeading <= maxspan", () => {
    const q = "sequence by k with maxspan=100ms ![m where true] [a where true] ![m where true]";
    expect(seq(q, [M(1, 950), A(2, 1000), M(3, 1040)])).toEqual([]);
    expect(seq(q, [M(1, 900), A(2, 1000), M(3, 1040)])).toEqual([["-", "2", "-"]]);
    expect(seq(q, [M(1, 950), A(2, 1000)])).toEqual([["-", "2", "-"]]); // no trailing found
  });

  it("a missing stage may have its own keys, matched positionally", () => {
    const q = "sequence with maxspan=1s [a where true] by k ![m where true] by user [b where true] by k";
    expect(seq(q, [A(1, 10), ev(2, 15, "m", { user: "h" }), B(3, 20)])).toEqual([]);
    expect(seq(q, [A(1, 10), ev(2, 15, "m", { user: "z" }), B(3, 20)])).toEqual([["1", "-", "3"]]);
  });

  it("shows missing stages as placeholder events", () => {
    const r = search("sequence by k with maxspan=1s [a where true] ![m where true]", [A(1, 10)]);
    expect(r.hits.sequences![0]!.events[1]).toEqual({ _index: "", _id: "", _source: {}, missing: true });
  });
});

describe("missing-event tracks", () => {
  it("answer latest-before and exists-between on timestamps", () => {
    const t = newTrack();
    for (const ts of [5, 7, 7, 9]) recordMatch(t, ts);
    expect(latestBefore(t, 9)).toBe(7);
    expect(latestBefore(t, 10)).toBe(9);
    expect(existsBetween(t, 5, 9)).toBe(true);
    expect(existsBetween(t, 7, 9)).toBe(false);
  });
  it("keepsCandidate implements the six rules", () => {
    const base = { hasLeading: false, hasTrailing: true, lastLeading: undefined, firstPositive: 0, lastPositive: 5, maxspan: 10 };
    expect(keepsCandidate({ ...base, firstTrailing: undefined })).toBe(true);
    expect(keepsCandidate({ ...base, firstTrailing: 10 })).toBe(false);
    expect(keepsCandidate({ ...base, firstTrailing: 11 })).toBe(true);
  });
});
