import { describe, expect, it } from "vitest";
import { translateDslToEql } from "../../src/sync/export-dsl.ts";
import type { Json } from "../../src/sync/target.ts";

const cases: { name: string; dsl: Json; eql?: string; refused?: RegExp }[] = [
  { name: "term", dsl: { term: { "process.name": { value: "cmd.exe" } } }, eql: 'process.name == "cmd.exe"' },
  { name: "case-insensitive term", dsl: { term: { "process.name": { value: "cmd.exe", case_insensitive: true } } }, eql: 'process.name : "cmd.exe"' },
  { name: "short term form and numbers", dsl: { term: { "destination.port": 445 } }, eql: "destination.port == 445" },
  { name: "terms", dsl: { terms: { "event.code": ["17", "18"] } }, eql: 'event.code in ("17", "18")' },
  { name: "wildcard", dsl: { wildcard: { "file.path": { wildcard: "C:\\Windows\\*.exe", case_insensitive: true } } }, eql: 'file.path like~ "C:\\\\Windows\\\\*.exe"' },
  { name: "prefix", dsl: { prefix: { "process.name": { value: "psex" } } }, eql: 'startsWith(process.name, "psex")' },
  { name: "exists", dsl: { exists: { field: "user.name" } }, eql: "user.name != null" },
  { name: "range", dsl: { range: { "destination.port": { gte: 1024, lt: 2048 } } }, eql: "destination.port >= 1024 and destination.port < 2048" },
  {
    name: "bool with filter, should (one required) and must_not",
    dsl: {
      bool: {
        filter: [{ term: { "event.type": { value: "start" } } }],
        should: [{ term: { "process.name": { value: "a" } } }, { term: { "process.name": { value: "b" } } }],
        minimum_should_match: 1,
        must_not: [{ bool: { should: [{ exists: { field: "x" } }, { exists: { field: "y" } }], minimum_should_match: 1 } }],
      },
    },
    eql: 'event.type == "start" and (process.name == "a" or process.name == "b") and not (x != null or y != null)',
  },
  { name: "match_all", dsl: { match_all: {} }, eql: "true" },
  { name: "query_string is refused", dsl: { query_string: { query: "a:b" } }, refused: /"query_string" query has no exact EQL equivalent/ },
  { name: "scoring-only should is refused", dsl: { bool: { filter: [{ match_all: {} }], should: [{ term: { a: "b" } }] } }, refused: /only scores/ },
  { name: "relative range is refused", dsl: { range: { "@timestamp": { gte: "now-5m" } } }, refused: /relative to the run time/ },
];

describe("translateDslToEql", () => {
  it.each(cases)("$name", ({ dsl, eql, refused }) => {
    const result = translateDslToEql(dsl);
    if (eql !== undefined) expect(result).toEqual({ ok: true, eql });
    else expect(result.ok === false && result.reason).toMatch(refused as RegExp);
  });
});
