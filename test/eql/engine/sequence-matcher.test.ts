import { describe, expect, it } from "vitest";
import { ev, search, sequenceIds } from "./helpers.ts";

const A = (id: number, ts = id, f: Record<string, unknown> = {}) => ev(id, ts, "a", f);
const B = (id: number, ts = id, f: Record<string, unknown> = {}) => ev(id, ts, "b", f);
const seq = (q: string, events: object[], opts = {}) => sequenceIds(search(q, events, { size: 100, ...opts }));

describe("sequence state machine (C.5)", () => {
  it("keeps one pending sequence per (key, stage); the newest wins: A1 A2 B3 gives A2 B3", () => {
    expect(seq("sequence [a where true] [b where true]", [A(1), A(2), B(3)])).toEqual([["2", "3"]]);
  });

  it("extra events for a later stage do nothing once the state is empty: A1 B2 B3 B4 gives only A1 B2", () => {
    expect(seq("sequence [a where true] [b where true]", [A(1), B(2), B(3), B(4)])).toEqual([["1", "2"]]);
  });

  it("overlapping results: [serial<=3][true][true] gives 1,2,3 / 2,3,4 / 3,4,5", () => {
    const events = [1, 2, 3, 4, 5, 6].map((i) => ev(i, i, "x", { serial: i }));
    expect(seq("sequence [x where serial <= 3] [x where true] [x where true]", events)).toEqual([
      ["1", "2", "3"],
      ["2", "3", "4"],
      ["3", "4", "5"],
    ]);
  });

  it("a repeated stage-1 event restarts stage 0 without disturbing later states", () => {
    const c = (id: number) => ev(id, id, "c");
    expect(seq("sequence [a where true] [b where true] [c where true]", [A(1), B(2), A(3), c(4), B(5), c(6)])).toEqual([
      ["1", "2", "4"],
      ["3", "5", "6"],
    ]);
  });

  it("needs a strictly greater ordinal: one event never fills two adjacent stages", () => {
    expect(seq("sequence [any where true] [any where true]", [ev(1, 1, "x")])).toEqual([]);
  });

  it("events with equal timestamps are ordered by input order", () => {
    expect(seq("sequence [a where true] [b where true]", [A(1, 5), B(2, 5)])).toEqual([["1", "2"]]);
    expect(seq("sequence [a where true] [b where true]", [B(1, 5), A(2, 5)])).toEqual([]);
  });

  it("orders equal timestamps by the tiebreaker; events having it sort before events lacking it", () => {
    const events = [B(1, 5, { s: 2 }), A(2, 5, { s: 1 })];
    expect(seq("sequence [a where true] [b where true]", events, { tiebreakerField: "s" })).toEqual([["2", "1"]]);
    const lacking = [B(1, 5, { s: 1 }), A(2, 5)];
    expect(seq("sequence [b where true] [a where true]", lacking, { tiebreakerField: "s" })).toEqual([["1", "2"]]);
    expect(seq("sequence [a where true] [b where true]", lacking, { tiebreakerField: "s" })).toEqual([]);
  });

  it("maxspan is inclusive and measured from the first event", () => {
    const q = "sequence with maxspan=10ms [a where true] [b where true] [b where true]";
    expect(seq(q, [A(1, 0), B(2, 5), B(3, 10)])).toEqual([["1", "2", "3"]]);
    expect(seq(q, [A(1, 0), B(2, 5), B(3, 11)])).toEqual([]);
  });

  it("a maxspan failure throws the candidate away (it is not kept for a later event)", () => {
    const q = "sequence with maxspan=10ms [a where true] [b where true] [b where true]";
    // B2 takes A1 out of state 0 and fails maxspan; nothing is left for B3/B4.
    expect(seq(q, [A(1, 0), B(2, 11), B(3, 12), B(4, 13)])).toEqual([]);
    // the same events without the gap complete
    expect(seq(q, [A(1, 0), B(2, 1), B(3, 2), B(4, 13)])).toEqual([["1", "2", "3"]]);
  });

  it("restores time order from unsorted input (bounded reorder window)", () => {
    expect(seq("sequence [a where true] [b where true]", [B(2, 2), A(1, 1)])).toEqual([["1", "2"]]);
  });

  it("until cancels pending sequences for its key whose last event precedes it", () => {
    const q = "sequence by k [a where true] [b where true] until [c where true]";
    const c = (id: number, k: number) => ev(id, id, "c", { k });
    expect(seq(q, [A(1, 1, { k: 1 }), c(2, 1), B(3, 3, { k: 1 })])).toEqual([]);
    expect(seq(q, [A(1, 1, { k: 1 }), c(2, 2), B(3, 3, { k: 1 })])).toEqual([["1", "3"]]);
    // after completion an until event changes nothing; until events never appear in results
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1 }), c(3, 1)])).toEqual([["1", "2"]]);
  });

  it("an event matching both until and the last stage completes the sequence", () => {
    const q = "sequence by k [a where true] [b where true] until [b where stop == true]";
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1, stop: true })])).toEqual([["1", "2"]]);
    // an earlier until event of the same key still cancels
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1, stop: true }), A(3, 3, { k: 1 }), B(4, 4, { k: 1, stop: true }), B(5, 5, { k: 1 })])).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("an until event that also fills a middle stage cancels that sequence when it advances", () => {
    // ES: the nearest until before the advancing event, if at or after the
    // sequence's last event (inclusive), drops it.
    const q = "sequence by k [a where true] [b where true] [c where true] until [b where stop == true]";
    const C = (id: number, ts: number, f: Record<string, unknown>) => ev(id, ts, "c", f);
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1, stop: true }), C(3, 3, { k: 1 })])).toEqual([]);
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1 }), C(3, 3, { k: 1 })])).toEqual([["1", "2", "3"]]);
    // an until of another key changes nothing
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1 }), B(3, 3, { k: 2, stop: true }), C(4, 4, { k: 1 })])).toEqual([["1", "2", "4"]]);
  });

  it("an until event before the first event of a later sequence does not cancel it", () => {
    const q = "sequence by k [a where true] [b where true] until [c where true]";
    const c = (id: number, ts: number) => ev(id, ts, "c", { k: 1 });
    expect(seq(q, [c(1, 1), A(2, 2, { k: 1 }), B(3, 3, { k: 1 })])).toEqual([["2", "3"]]);
    expect(seq(q, [A(1, 1, { k: 1 }), c(2, 2), A(3, 3, { k: 1 }), B(4, 4, { k: 1 })])).toEqual([["3", "4"]]);
  });

  it("expands runs=N into N copies of the stage", () => {
    expect(seq("sequence [a where true] with runs=3", [A(1), A(2), A(3), A(4)])).toEqual([
      ["1", "2", "3"],
      ["2", "3", "4"],
    ]);
    expect(seq("sequence [a where true] with runs=2 [b where true]", [A(1), A(2), B(3)])).toEqual([["1", "2", "3"]]);
  });

  it("returns results in completion order (by last event), not by first event", () => {
    const q = "sequence by k [a where true] [b where true]";
    const r = seq(q, [A(1, 1, { k: 1 }), A(2, 2, { k: 2 }), B(3, 3, { k: 2 }), B(4, 4, { k: 1 })]);
    expect(r).toEqual([
      ["2", "3"],
      ["1", "4"],
    ]);
  });
});

describe("join keys (trap D.6)", () => {
  it("compares keys by typed value: the string \"1\" is not the number 1", () => {
    const q = "sequence by k [a where true] [b where true]";
    expect(seq(q, [A(1, 1, { k: "1" }), B(2, 2, { k: 1 })])).toEqual([]);
    expect(seq(q, [A(1, 1, { k: 1 }), B(2, 2, { k: 1 })])).toEqual([["1", "2"]]);
  });

  it("allows different field names per stage, compared by value", () => {
    const q = "sequence [a where true] by file.path [b where true] by process.executable";
    expect(seq(q, [A(1, 1, { file: { path: "x" } }), B(2, 2, { process: { executable: "x" } })])).toEqual([["1", "2"]]);
  });

  it("drops an event with a null key unless the key is optional", () => {
    expect(seq("sequence by k [a where true] [b where true]", [A(1), B(2)])).toEqual([]);
    const r = search("sequence by ?k [a where true] [b where true]", [A(1), B(2)]);
    expect(sequenceIds(r)).toEqual([["1", "2"]]);
    expect(r.hits.sequences![0]!.join_keys).toEqual([null]);
  });

  it("expands multi-valued keys into each distinct non-null value, so events can appear under several keys", () => {
    const r = search("sequence by k [a where true] [b where true]", [A(1, 1, { k: ["x", "y", "x", null] }), B(2, 2, { k: ["y", "x"] })], { size: 100 });
    expect(r.hits.sequences!.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([
      [["x"], ["1", "2"]],
      [["y"], ["1", "2"]],
    ]);
  });

  it("takes the Cartesian product across several key fields", () => {
    const r = search("sequence by h, u [a where true] [b where true]", [A(1, 1, { h: ["h1", "h2"], u: ["u1"] }), B(2, 2, { h: "h2", u: ["u1", "u2"] })], { size: 100 });
    expect(r.hits.sequences!.map((s) => s.join_keys)).toEqual([["h2", "u1"]]);
  });

  it("treats an array of only nulls as a null key", () => {
    expect(seq("sequence by k [a where true] [b where true]", [A(1, 1, { k: [null] }), B(2, 2, { k: [null] })])).toEqual([]);
  });
});

describe("size and pipes on sequences (trap D.8)", () => {
  const events = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? A(i + 1) : B(i + 1)));
  const q = "sequence [a where true] [b where true]";
  it("defaults to the 10 most recent results, ascending", () => {
    const r = sequenceIds(search(q, events));
    expect(r.length).toBe(10);
    expect(r[0]).toEqual(["11", "12"]);
    expect(r[9]).toEqual(["29", "30"]);
  });
  it("head position keeps the earliest", () => {
    expect(sequenceIds(search(q, events, { resultPosition: "head", size: 2 }))).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });
  it("| head 4 | tail 2 gives results 3 and 4", () => {
    expect(sequenceIds(search(`${q} | head 4 | tail 2`, events))).toEqual([
      ["5", "6"],
      ["7", "8"],
    ]);
  });
  it("| tail 3 returns the last three in ascending order", () => {
    expect(sequenceIds(search(`${q} | tail 3`, events)).map((s) => s[0])).toEqual(["25", "27", "29"]);
  });
});
