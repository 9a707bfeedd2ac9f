/**
 * Mapping-aware semantics and optional fields, pinned on our own small data
 * set in the shape of Elasticsearch's EQL QA "extra" specs: a mapping with an
 * aliased category and tiebreaker, a version field, a keyword with
 * null_value, a keyword mapped but never present, and a date field.
 */
import { describe, expect, it } from "vitest";
import { EqlCompileError, parseIndexMapping, type EngineOptions } from "../../../src/eql/index.ts";
import { eventIds, search, sequenceIds } from "./helpers.ts";

const mapping = parseIndexMapping({
  mappings: {
    properties: {
      "@timestamp": { type: "date" },
      kind: { type: "keyword" },
      seq: { type: "long" },
      event: { properties: { category: { type: "alias", path: "kind" }, sequence: { type: "alias", path: "seq" } } },
      ticket: { type: "long" },
      declared_never_sent: { type: "keyword" },
      status_or_placeholder: { type: "keyword", null_value: "N/A" },
      release: { type: "version" },
      seen_on: { type: "date" },
      code: { type: "keyword", ignore_above: 8 },
      size_bytes: { type: "long" },
      title: { type: "text", fields: { raw: { type: "keyword" } } },
      flag: { type: "boolean" },
      dataset: { type: "constant_keyword", value: "win.security" },
      host: { properties: { id: { type: "keyword" } } },
    },
  },
});

const opts: EngineOptions = { mapping, tiebreakerField: "event.sequence", size: 100 };
/** The same request without the mapping (category and tiebreaker named directly). */
const noMapping: EngineOptions = { eventCategoryField: "kind", tiebreakerField: "seq", size: 100 };
let n = 0;
const doc = (ts: number, kind: string, fields: Record<string, unknown> = {}) => ({ _id: String(++n), "@timestamp": String(ts), kind, seq: n, ...fields });

n = 0;
const data = [
  doc(10, "login", { ticket: 41, release: "2.0.1" }), // 1
  doc(11, "alert", { ticket: 41, release: "2.0.1" }), // 2
  doc(12, "probe", { status_or_placeholder: null }), // 3
  doc(13, "probe", { ticket: 42 }), // 4
  doc(14, "probe", { status_or_placeholder: [null] }), // 5
  doc(20, "patch", { ticket: 7, release: "3.4.2", seen_on: "2001-02-03T00:00:00Z" }), // 6
  doc(21, "patch", { ticket: 7, release: "3.12.0", seen_on: ["2001-02-03", "2001-02-04T00:00:00.000Z"] }), // 7
  doc(22, "patch", { ticket: 7, release: "garbage", seen_on: "2001-02-04" }), // 8
  doc(23, "patch", { ticket: 7, release: "3.4.2-rc.1" }), // 9
  doc(24, "patch", { ticket: "7", release: "3.12.0", code: "ABCDEFGHIJ", size_bytes: "2048", title: "Quarterly Report", flag: "true" }), // 10
  doc(25, "patch", { ticket: 8, code: "ABC", size_bytes: 2048.9, title: "quarterly", flag: false }), // 11
];

const ids = (q: string, o: EngineOptions = opts) => eventIds(search(q, data, o));
const seqs = (q: string, o: EngineOptions = opts) => sequenceIds(search(q, data, o));
const keys = (q: string, o: EngineOptions = opts) => (search(q, data, o).hits.sequences ?? []).map((s) => s.join_keys);

describe("version fields (with a mapping)", () => {
  it("compare by semver: 3.12.0 > 3.5.0 although it sorts lower as text", () => {
    expect(ids('patch where release > "3.5.0"')).toEqual(["7", "8", "10"]); // "garbage" is invalid: after every valid version
    expect(ids('patch where release < "3.5.0"')).toEqual(["6", "9"]);
    expect(ids('patch where release >= "3.4.2" and release <= "3.12.0"')).toEqual(["6", "7", "10"]);
    // without the mapping, text order: "3.12.0" < "3.5.0"
    expect(ids('patch where release > "3.5.0"', noMapping)).toEqual(["8"]);
  });

  it("an invalid version equals itself and nothing else", () => {
    expect(ids('patch where release == "garbage"')).toEqual(["8"]);
    expect(seqs('sequence by ticket [patch where release == "3.4.2"] [patch where release > "3.4.2"]')).toEqual([["6", "7"]]);
    expect(seqs('sequence by ticket [patch where release == "3.4.2"] [patch where release == "garbage"]')).toEqual([["6", "8"]]);
  });

  it("functions see the version as text; versions join as values", () => {
    expect(ids('any where concat(release, "") == "3.4.2-rc.1"')).toEqual(["9"]);
    expect(keys("sequence by release [login where true] [alert where true]")).toEqual([["2.0.1"]]);
  });
});

describe("null_value and optional fields (with a mapping)", () => {
  it("a JSON null indexes as the null_value; a missing field stays missing", () => {
    expect(ids("probe where ?status_or_placeholder == null")).toEqual(["4"]);
    expect(ids('probe where ?status_or_placeholder == "N/A"')).toEqual(["3", "5"]);
    // without the mapping a JSON null is no value
    expect(ids("probe where ?status_or_placeholder == null", noMapping)).toEqual(["3", "4", "5"]);
  });

  it("an optional field that is mapped but never sent is null everywhere", () => {
    expect(ids("probe where ?declared_never_sent == null")).toEqual(["3", "4", "5"]);
    expect(ids("probe where ?declared_never_sent == 5")).toEqual([]);
  });

  it("an optional field the mapping lacks is the literal null", () => {
    expect(ids("probe where ?not_in_mapping == null")).toEqual(["3", "4", "5"]);
    expect(ids("probe where ?not_in_mapping")).toEqual([]);
    // literal null is not a missing field: `not (null : "x")` is null, so nothing matches
    expect(ids('probe where not ?not_in_mapping : "x"')).toEqual([]);
    expect(ids("probe where ?not_in_mapping == ?also_not_in_mapping")).toEqual(["3", "4", "5"]);
  });

  it("`?x == ?y` with both absent is true, with or without a mapping", () => {
    for (const o of [opts, noMapping]) {
      expect(ids("probe where ?nowhere_a == ?nowhere_b", o)).toEqual(["3", "4", "5"]);
      expect(ids("probe where ?nowhere_a != ?nowhere_b", o)).toEqual([]);
    }
  });

  it("optional join keys: null is a key value, in sequences and samples", () => {
    for (const o of [opts, noMapping]) {
      expect(keys("sequence by ticket [login where true] by ?nope [alert where ?p == ?q] by ?q", o)).toEqual([[41, null]]);
      expect(seqs("sequence by ?nope [probe where ?nope == null] [probe where true]", o)).toEqual([
        ["3", "4"],
        ["4", "5"],
      ]);
      const sample = search("sample by ?nope [login where true] [alert where true]", data, o);
      expect(sample.hits.sequences?.map((s) => [s.join_keys, s.events.map((e) => e._id)])).toEqual([[[null], ["1", "2"]]]);
    }
  });
});

describe("dates, numbers, keywords (with a mapping)", () => {
  it("date fields compare as instants and join as ISO 8601 keys", () => {
    expect(ids('patch where seen_on == "2001-02-03T00:00:00.000Z"')).toEqual(["6", "7"]);
    expect(ids('patch where seen_on > "2001-02-03T12:00:00Z"')).toEqual(["7", "8"]);
    expect(keys("sequence by seen_on [patch where true] [patch where true]")).toEqual([["2001-02-03T00:00:00.000Z"], ["2001-02-04T00:00:00.000Z"]]);
  });

  it("numeric fields coerce numeric strings and truncate for integer types", () => {
    expect(ids("patch where size_bytes == 2048")).toEqual(["10", "11"]);
    expect(keys("sequence by ticket [patch where release == \"garbage\"] [patch where true]")).toEqual([[7]]);
  });

  it("keyword: ignore_above leaves long values unindexed; text matches through its keyword sub-field", () => {
    expect(ids('patch where code : "ABC*"')).toEqual(["11"]);
    expect(ids('patch where code == null')).toEqual(["6", "7", "8", "9", "10"]);
    expect(ids('patch where title == "Quarterly Report"')).toEqual(["10"]);
    expect(ids('patch where title : "quarterly*"')).toEqual(["10", "11"]);
  });

  it("boolean fields read \"true\"; constant_keyword gives every event its value", () => {
    expect(ids("patch where flag")).toEqual(["10"]);
    expect(ids("patch where flag == false")).toEqual(["11"]);
    expect(ids('login where dataset == "win.security"')).toEqual(["1"]);
  });

  it("cidrMatch on a mapped field that is not `ip` is refused as Elasticsearch's verifier refuses it", () => {
    const refusal = (query: string): unknown => {
      try {
        search(query, data, opts);
        return null;
      } catch (err) {
        return err instanceof EqlCompileError ? err.diagnostics.map((d) => [d.code, d.message, d.range?.start.column]) : err;
      }
    };
    expect(refusal('any where cidrMatch(host.id, "10.0.0.0/8")')).toEqual([
      ["eql/type-mismatch", 'first argument of [cidrMatch(host.id, "10.0.0.0/8")] must be [ip], found value [host.id] type [keyword]', 21],
    ]);
    expect(refusal('sequence [any where not cidrMatch(ticket, "10.0.0.0/8", "::1")] [any where true]')).toEqual([
      ["eql/type-mismatch", 'first argument of [cidrMatch(ticket, "10.0.0.0/8", "::1")] must be [ip], found value [ticket] type [long]', 35],
    ]);
    // Without the mapping the type is unknown: the value is tested as text, as before.
    expect(search('any where cidrMatch(host.id, "10.0.0.0/8")', [doc(1, "x", { host: { id: "10.1.1.1" } })]).hits.events).toHaveLength(1);
  });

  it("aliases resolve: category and tiebreaker read the fields they point at", () => {
    expect(ids('any where event.category == "alert"')).toEqual(["2"]);
    expect(ids("any where event.`sequence` == 2")).toEqual(["2"]);
  });
});

describe("optional join keys over several fields, with until (own data, QA-style)", () => {
  // host.uid is optional: null where absent; svc.port is a number key.
  const m = parseIndexMapping({ properties: { "@timestamp": { type: "date" }, kind: { type: "keyword" }, n: { type: "long" }, host: { properties: { uid: { type: "long" } } }, svc: { properties: { port: { type: "long" } } }, labels: { type: "keyword" } } });
  const o: EngineOptions = { mapping: m, eventCategoryField: "kind", tiebreakerField: "n", size: 100 };
  let i = 0;
  const e = (ts: number, kind: string, f: Record<string, unknown> = {}) => ({ _id: String(++i), "@timestamp": ts, kind, n: i, ...f });
  i = 0;
  const rows = [
    e(1, "open", { stage: 1, "svc.port": 80 }), // 1: no host.uid
    e(1, "open", { stage: 1 }), // 2: neither key
    e(2, "open", { stage: 1, "svc.port": 80 }), // 3
    e(3, "read", { "svc.port": 80 }), // 4
    e(4, "read", { "svc.port": 80 }), // 5
    e(5, "read", {}), // 6
    e(5, "read", {}), // 7
    e(6, "open", { stage: 1, "host.uid": 9, "svc.port": 80, labels: [null] }), // 8
    e(7, "read", { "host.uid": 9, "svc.port": 80, labels: ["a", null] }), // 9
    e(8, "read", { "host.uid": 9, "svc.port": 80, labels: [] }), // 10
  ];
  const q = "sequence by ?host.uid, ?svc.port [open where stage == 1] [read where true] with runs=2";
  const run = (query: string) => search(query, rows, o);

  it("null is a key value in any position; a missing non-optional key drops the event", () => {
    const r = run(q);
    expect(sequenceIds(r)).toEqual([["3", "4", "5"], ["2", "6", "7"], ["8", "9", "10"]]);
    expect(r.hits.sequences?.map((s) => s.join_keys)).toEqual([[null, 80], [null, null], [9, 80]]);
    expect(sequenceIds(run("sequence by host.uid, ?svc.port [open where stage == 1] [read where true] with runs=2"))).toEqual([["8", "9", "10"]]);
  });

  it("until cancels only its own key's in-flight sequences, and not one its own event completes", () => {
    expect(sequenceIds(run(`${q} until [read where n == 10]`))).toEqual([["3", "4", "5"], ["2", "6", "7"], ["8", "9", "10"]]);
    expect(sequenceIds(run(`${q} until [read where n == 9]`))).toEqual([["3", "4", "5"], ["2", "6", "7"]]);
  });

  it("a multi-valued optional key that holds only nulls (or nothing) is the null key", () => {
    const r = run("sequence by ?labels [open where stage == 1] [read where true]");
    expect(r.hits.sequences?.map((s) => [s.join_keys, s.events.map((x) => x._id)])).toEqual([
      [[null], ["3", "4"]],
      [[null], ["8", "10"]],
    ]);
  });
});
