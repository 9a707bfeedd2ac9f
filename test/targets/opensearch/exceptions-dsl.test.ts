import { describe, expect, it } from "vitest";
import { compileExceptionClauses, compileExceptionEntry } from "../../../src/targets/opensearch/exceptions-dsl.ts";

describe("compileExceptionEntry", () => {
  it.each([
    [{ kind: "equals", field: "user.name", value: "Admin" }, { term: { "user.name": { value: "Admin" } } }],
    [{ kind: "any-of", field: "host.name", values: ["a", "b"] }, { terms: { "host.name": ["a", "b"] } }],
    [{ kind: "wildcard", field: "file.path", pattern: "C:\\Tools\\*" }, { wildcard: { "file.path": { wildcard: "C:\\\\Tools\\\\*", case_insensitive: true } } }],
    [{ kind: "exists", field: "user.domain" }, { exists: { field: "user.domain" } }],
    [{ kind: "cidr", field: "source.ip", cidrs: ["10.0.0.0/8"] }, { terms: { "source.ip": ["10.0.0.0/8"] } }],
    [{ kind: "equals", field: "user.name", value: "x", negate: true }, { bool: { must_not: [{ term: { "user.name": { value: "x" } } }] } }],
  ] as const)("%j", (entry, dsl) => {
    expect(compileExceptionEntry(entry)).toEqual(dsl);
  });

  it("ANDs the entries of an item and gives one clause per item", () => {
    const clauses = compileExceptionClauses([
      { name: "a", description: "", entries: [{ kind: "equals", field: "user.name", value: "x" }, { kind: "exists", field: "host.name" }] },
      { name: "b", description: "", entries: [{ kind: "equals", field: "user.name", value: "y" }] },
      { name: "empty", description: "", entries: [] },
    ]);
    expect(clauses).toEqual([
      { bool: { filter: [{ term: { "user.name": { value: "x" } } }, { exists: { field: "host.name" } }] } },
      { term: { "user.name": { value: "y" } } },
    ]);
  });
});
