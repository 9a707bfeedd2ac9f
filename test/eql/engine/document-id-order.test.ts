import { describe, expect, it } from "vitest";
import { compareDocumentIds } from "../../../src/eql/engine/document-id-order.ts";
import { ev, search, sequenceIds } from "./helpers.ts";
import { SAMPLE_IDS } from "./sample-document-ids.ts";

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);


describe("compareDocumentIds: ids in order, digit runs as numbers", () => {
  it.each([
    ["a.ndjson:9", "a.ndjson:10", -1],
    ["ev-2", "ev-10", -1],
    ["ev-10", "ev-3", 1],
    ["ev-010", "ev-10", -1], // equal as numbers: the plain comparison decides, so no two ids tie
    ["x9z", "x10y", -1],
    ["q1", "q1a", -1],
    ["A", "a", -1], // UTF-16 code units, no case folding (as Java's String.compareTo)
    ["18446744073709551615", "18446744073709551616", -1], // beyond 64 bits: compared as digit strings
    ["same", "same", 0],
  ] as const)("%s vs %s", (a, b, expected) => {
    expect(sign(compareDocumentIds(a, b))).toBe(expected);
    expect(sign(compareDocumentIds(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  it("is a total order over the sample ids (antisymmetric, transitive, zero only for equal ids)", () => {
    for (const a of SAMPLE_IDS) {
      for (const b of SAMPLE_IDS) {
        expect(sign(compareDocumentIds(a, b)) + sign(compareDocumentIds(b, a))).toBe(0);
        if (a !== b) expect(compareDocumentIds(a, b)).not.toBe(0);
        for (const c of SAMPLE_IDS) {
          if (compareDocumentIds(a, b) < 0 && compareDocumentIds(b, c) < 0) expect(compareDocumentIds(a, c)).toBeLessThan(0);
        }
      }
    }
  });
});

describe("engine option tieOrder", () => {
  // Three events at one instant, in input order: the payload's id sorts first.
  const ties = [ev("ev-10", 1000, "process", { host: "H" }), ev("ev-2", 1000, "file", { host: "H" }), ev("ev-3", 1000, "file", { host: "H" })];
  const query = "sequence by host [process where true] [file where true]";

  it("input (default): input order decides, as _eql/search on one shard", () => {
    expect(sequenceIds(search(query, ties))).toEqual([["ev-10", "ev-2"]]);
  });
  it("id: the document id decides, as the OpenSearch monitor on any shards", () => {
    expect(sequenceIds(search(query, ties, { tieOrder: "id" }))).toEqual([]);
    const later = [...ties, ev("ev-11", 1000, "file", { host: "H" })];
    expect(sequenceIds(search(query, later, { tieOrder: "id" }))).toEqual([["ev-10", "ev-11"]]);
  });
  it("id: a tiebreaker still comes first", () => {
    const withSeq = ties.map((e, i) => ({ ...e, seq: i }));
    expect(sequenceIds(search(query, withSeq, { tieOrder: "id", tiebreakerField: "seq" }))).toEqual([["ev-10", "ev-2"]]);
  });
});

describe("engine option tieOrder: samples", () => {
  const query = "sample by host [process where true] [file where true]";

  it("input (default): the first candidates in input order, whatever their time", () => {
    const events = [ev("f-late", 3000, "file", { host: "H" }), ev("p", 1000, "process", { host: "H" }), ev("f-early", 2000, "file", { host: "H" })];
    expect(sequenceIds(search(query, events))).toEqual([["p", "f-late"]]);
  });
  it("id: candidates in time order, as the OpenSearch sample monitor reads them", () => {
    const events = [ev("f-late", 3000, "file", { host: "H" }), ev("p", 1000, "process", { host: "H" }), ev("f-early", 2000, "file", { host: "H" })];
    expect(sequenceIds(search(query, events, { tieOrder: "id" }))).toEqual([["p", "f-early"]]);
  });
  it("id: equal timestamps by document id (digit runs as numbers), not input order", () => {
    const ties = [ev("ev-10", 1000, "file", { host: "H" }), ev("ev-9", 1000, "file", { host: "H" }), ev("ev-2", 1000, "process", { host: "H" })];
    expect(sequenceIds(search(query, ties))).toEqual([["ev-2", "ev-10"]]);
    expect(sequenceIds(search(query, ties, { tieOrder: "id" }))).toEqual([["ev-2", "ev-9"]]);
  });
  it("id: a tiebreaker comes before the id, and events without a timestamp come last", () => {
    const ties = [ev("ev-1", 1000, "file", { host: "H", seq: 2 }), ev("ev-2", 1000, "file", { host: "H", seq: 1 }), ev("ev-3", 1000, "process", { host: "H" })];
    expect(sequenceIds(search(query, ties, { tieOrder: "id", tiebreakerField: "seq" }))).toEqual([["ev-3", "ev-2"]]);
    const untimed = [{ _id: "f0", event: { category: "file" }, host: "H" }, ev("p", 5000, "process", { host: "H" }), ev("f9", 9000, "file", { host: "H" })];
    expect(sequenceIds(search(query, untimed, { tieOrder: "id" }))).toEqual([["p", "f9"]]);
    expect(sequenceIds(search(query, untimed))).toEqual([["p", "f0"]]);
  });
});
