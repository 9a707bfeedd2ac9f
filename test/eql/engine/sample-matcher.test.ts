import { describe, expect, it } from "vitest";
import { search, sequenceIds } from "./helpers.ts";

const e = (id: number, cat: string, host: unknown, extra: Record<string, unknown> = {}) => ({ _id: String(id), event: { category: cat }, host, ...extra });

describe("samples (C.6)", () => {
  it("picks one event per filter sharing the key, ignoring time order; ordered by key ascending", () => {
    const events = [e(1, "b", "h2"), e(2, "a", "h2"), e(3, "b", "h1"), e(4, "a", "h1"), e(5, "a", "h3")];
    const r = search("sample by host [a where true] [b where true]", events);
    expect(r.hits.sequences!.map((s) => s.join_keys)).toEqual([["h1"], ["h2"]]);
    expect(sequenceIds(r)).toEqual([
      ["4", "3"],
      ["2", "1"],
    ]);
  });

  it("needs no timestamp", () => {
    expect(sequenceIds(search("sample by host [a where true] [b where true]", [e(1, "a", "h"), e(2, "b", "h")]))).toEqual([["1", "2"]]);
  });

  it("uses distinct events: one event cannot fill two filters", () => {
    const events = [{ _id: "1", event: { category: "x" }, host: "h" }];
    expect(sequenceIds(search("sample by host [x where true] [x where true]", events))).toEqual([]);
    const two = [...events, { _id: "2", event: { category: "x" }, host: "h" }];
    expect(sequenceIds(search("sample by host [x where true] [x where true]", two))).toEqual([["1", "2"]]);
  });

  it("finds a distinct assignment when the first candidate would block another filter", () => {
    const events = [e(1, "x", "h", { both: true }), e(2, "x", "h", { both: false })];
    const r = search("sample by host [x where true] [x where both == true]", events);
    expect(sequenceIds(r)).toEqual([["2", "1"]]);
  });

  it("excludes null keys unless optional, and limits to size samples", () => {
    expect(sequenceIds(search("sample by host [a where true] [b where true]", [e(1, "a", null), e(2, "b", null)]))).toEqual([]);
    expect(sequenceIds(search("sample by ?host [a where true] [b where true]", [e(1, "a", null), e(2, "b", null)]))).toEqual([["1", "2"]]);
    const many = Array.from({ length: 30 }, (_, i) => [e(2 * i, "a", `h${String(i).padStart(2, "0")}`), e(2 * i + 1, "b", `h${String(i).padStart(2, "0")}`)]).flat();
    const r = search("sample by host [a where true] [b where true]", many, { size: 3 });
    expect(r.hits.sequences!.map((s) => s.join_keys[0])).toEqual(["h00", "h01", "h02"]);
  });

  it("compares keys across differently named fields by value", () => {
    const r = search("sample [a where true] by src [b where true] by dst", [e(1, "a", null, { src: "x" }), e(2, "b", null, { dst: "x" })]);
    expect(sequenceIds(r)).toEqual([["1", "2"]]);
  });
});
