import { describe, expect, it } from "vitest";
import { compileEqlQuery, parseEqlOrThrow, tryCompileEqlQuery } from "../../../src/eql/index.ts";
import { ev, eventIds, search } from "./helpers.ts";

const many = Array.from({ length: 25 }, (_, i) => ev(i + 1, 1000 + i, "process"));

describe("event queries: size, position, pipes (C.7)", () => {
  it("default size 10 from the tail, ascending", () => {
    expect(eventIds(search("process where true", many))).toEqual(["16", "17", "18", "19", "20", "21", "22", "23", "24", "25"]);
  });
  it("result position head keeps the earliest", () => {
    expect(eventIds(search("process where true", many, { resultPosition: "head", size: 3 }))).toEqual(["1", "2", "3"]);
  });
  it("pipes apply left to right after the implicit size, which follows the first pipe's direction", () => {
    expect(eventIds(search("process where true | head 4 | tail 2", many))).toEqual(["3", "4"]);
    expect(eventIds(search("process where true | tail 4 | head 1", many))).toEqual(["22"]);
    expect(eventIds(search("process where true | head 20", many))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(eventIds(search("process where true | head 0", many))).toEqual([]);
  });
  it("orders by time, not input order", () => {
    const shuffled = [ev("late", 3000, "process"), ev("early", 1000, "process"), ev("mid", 2000, "process")];
    expect(eventIds(search("process where true | tail 2", shuffled))).toEqual(["mid", "late"]);
    expect(eventIds(search("process where true | head 1", shuffled))).toEqual(["early"]);
  });
  it("reports total as the number of hits returned", () => {
    expect(search("process where true", many).hits.total).toEqual({ value: 10, relation: "eq" });
  });
});

describe("timestamps and identity", () => {
  it("accepts ISO strings, epoch millis and numeric strings; a zone-less date-time is UTC", () => {
    const events = [
      { _id: "iso", "@timestamp": "2024-01-01T00:00:00.003Z", event: { category: "x" } },
      { _id: "num", "@timestamp": Date.parse("2024-01-01T00:00:00.001Z"), event: { category: "x" } },
      { _id: "str", "@timestamp": String(Date.parse("2024-01-01T00:00:00.002Z")), event: { category: "x" } },
      { _id: "local", "@timestamp": "2024-01-01T00:00:00.004", event: { category: "x" } },
    ];
    expect(eventIds(search("x where true", events))).toEqual(["num", "str", "iso", "local"]);
  });
  it("skips events without a parseable timestamp (ES requires the field) and counts them", () => {
    const session = compileEqlQuery(parseEqlOrThrow("x where true")).startSearch();
    session.push({ event: { category: "x" } });
    session.push({ "@timestamp": "not a date", event: { category: "x" } });
    session.push({ "@timestamp": 5, event: { category: "x" } });
    expect(session.finish().hits.events!.length).toBe(1);
    expect(session.stats.skippedNoTimestamp).toBe(2);
  });
  it("in sequences, counts only the timestamp-less events a stage could use (the others are never read further)", () => {
    const session = compileEqlQuery(parseEqlOrThrow("sequence [x where true] [y where true]")).startSearch();
    session.push({ event: { category: "x" } });
    session.push({ event: { category: "other" } });
    session.push({ "@timestamp": "not a date", event: { category: "y" } });
    session.push({ "@timestamp": 1, event: { category: "x" } });
    session.push({ "@timestamp": 2, event: { category: "y" } });
    expect(session.finish().hits.sequences!.length).toBe(1);
    expect(session.stats).toMatchObject({ received: 5, skippedNoTimestamp: 2 });
  });
  it("takes _id from the event, else event.id, else meta, else the input position", () => {
    const session = compileEqlQuery(parseEqlOrThrow("x where true")).startSearch();
    session.push({ "@timestamp": 1, event: { category: "x" }, _id: "own" });
    session.push({ "@timestamp": 2, event: { category: "x", id: "eid" } });
    session.push({ "@timestamp": 3, event: { category: "x" } }, { id: "line-3", index: "logs" });
    session.push({ "@timestamp": 4, event: { category: "x" } });
    const hits = session.finish().hits.events!;
    expect(hits.map((h) => [h._id, h._index])).toEqual([
      ["own", ""],
      ["eid", ""],
      ["line-3", "logs"],
      ["4", ""],
    ]);
  });
  it("honours custom timestamp and category fields", () => {
    const events = [{ t: 2, kind: "proc", _id: "b" }, { t: 1, kind: "proc", _id: "a" }];
    expect(eventIds(search("proc where true", events, { timestampField: "t", eventCategoryField: "kind" }))).toEqual(["a", "b"]);
  });
});

describe("compiled queries", () => {
  it("matchesEvent tests one event, ignoring time", () => {
    const q = compileEqlQuery(parseEqlOrThrow('process where process.name == "a"'));
    expect(q.matchesEvent({ event: { category: "process" }, process: { name: "a" } })).toBe(true);
    expect(q.matchesEvent({ event: { category: "process" }, process: { name: "b" } })).toBe(false);
    const s = compileEqlQuery(parseEqlOrThrow("sequence [a where true] [b where true]"));
    expect(s.matchesEvent({ event: { category: "b" } })).toBe(true);
    expect(s.matchesEvent({ event: { category: "c" } })).toBe(false);
  });
  it("reports an invalid regex or CIDR as located diagnostics", () => {
    const r = tryCompileEqlQuery(parseEqlOrThrow('any where x regex "a(b" or cidrMatch(ip, "10.0.0.0/99")'));
    expect(r.ok).toBe(false);
    const codes = r.diagnostics.map((d) => [d.code, d.range?.start.column]);
    expect(codes).toEqual([
      ["eql/invalid-regex", 19],
      ["eql/invalid-cidr", 28],
    ]);
    expect(() => compileEqlQuery(parseEqlOrThrow('any where x regex "a(b"'))).toThrow(/eql\/invalid-regex/);
  });
  it("searchEql accepts async iterables", async () => {
    const { searchEql } = await import("../../../src/eql/index.ts");
    async function* gen() {
      yield ev(1, 1, "a");
      yield ev(2, 2, "b");
    }
    const r = await searchEql("sequence [a where true] [b where true]", gen());
    expect(r.hits.sequences!.length).toBe(1);
    await expect(searchEql("a where x = 1", [])).rejects.toThrow(/eql\/syntax/);
  });
});

describe("memory stays bounded by pending sequences", () => {
  it("sweeps keys whose pending sequences outlived maxspan", async () => {
    const { compileSequencePlan } = await import("../../../src/eql/engine/sequence-plan.ts");
    const { SequenceMatcher } = await import("../../../src/eql/engine/sequence-matcher.ts");
    const { CompileContext } = await import("../../../src/eql/engine/compile-context.ts");
    const query = parseEqlOrThrow("sequence by k with maxspan=10ms [a where true] [b where true]");
    if (query.kind !== "sequence") throw new Error("expected a sequence");
    const ctx = new CompileContext();
    const matcher = new SequenceMatcher(compileSequencePlan(query, ctx.readerForName("event.category"), ctx), () => {});
    for (let i = 0; i < 100_000; i++) {
      matcher.push({ source: { event: { category: "a" }, k: i }, id: String(i), index: "", ts: i, tiebreaker: undefined, seq: i });
    }
    // 100k distinct keys went through; only those within the last maxspan + sweep interval stay.
    expect(matcher.liveKeys).toBeLessThan(5000);
  });
});

describe("keepResult: kept results hold a stand-in", () => {
  const events = [ev(1, 1000, "process", { n: 1 }), ev(2, 2000, "network", { n: 2 }), ev(3, 3000, "process", { n: 3 }), ev(4, 4000, "network", { n: 4 })];

  it("event queries hand over the events the size window keeps, and only those", () => {
    const kept: unknown[] = [];
    const keepResult = (source: Record<string, unknown>) => (kept.push(source["n"]), { standIn: source["n"] });
    const r = search("any where true", events, { size: 2, resultPosition: "head", keepResult });
    expect(r.hits.events?.map((h) => h._source)).toEqual([{ standIn: 1 }, { standIn: 2 }]);
    expect(kept).toEqual([1, 2]);
  });

  it("sequences hand over each kept sequence's whole hit, in completion order", () => {
    const kept: unknown[] = [];
    const keepResult = (hit: Record<string, unknown>) => {
      const events = (hit as { events: { _source: { n: number } }[] }).events.map((e) => e._source.n);
      kept.push(events);
      return { standIn: events };
    };
    const r = search("sequence [process where true] [network where true]", events, { size: 1, resultPosition: "tail", keepResult });
    expect(r.hits.sequences).toEqual([{ standIn: [3, 4] }]);
    expect(kept).toEqual([[1, 2], [3, 4]]); // a tail ring keeps each one that arrives
  });
});
