import { describe, expect, it } from "vitest";
import { parseEql } from "../../../src/eql/index.ts";
import type { EventQuery } from "../../../src/eql/index.ts";
import { compileConditionDsl, compileFilterDsl } from "../../../src/targets/opensearch/query-dsl.ts";

function conditionOf(condition: string) {
  const parsed = parseEql(`any where ${condition}`);
  if (!parsed.ok) throw new Error(`bad test query: ${JSON.stringify(parsed.diagnostics)}`);
  return (parsed.value as EventQuery).filter.condition;
}

function dslOf(condition: string) {
  const result = compileConditionDsl(conditionOf(condition));
  if (!result.ok) throw new Error(`refused: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.value;
}

const term = (field: string, value: unknown, ci = false) => ({ term: { [field]: ci ? { value, case_insensitive: true } : { value } } });
const not = (q: unknown) => ({ bool: { must_not: [q] } });

describe("compileConditionDsl: one row per operator, positive and negated", () => {
  it.each([
    // equality: case-sensitive term; != is the complement (true when missing)
    ['process.name == "cmd.exe"', term("process.name", "cmd.exe")],
    ['process.name != "cmd.exe"', not(term("process.name", "cmd.exe"))],
    ['not process.name == "cmd.exe"', not(term("process.name", "cmd.exe"))],
    ['not process.name != "cmd.exe"', term("process.name", "cmd.exe")],
    ['"cmd.exe" == process.name', term("process.name", "cmd.exe")],
    ["process.pid == 4", term("process.pid", 4)],
    ["dll.code_signature.trusted == true", term("dll.code_signature.trusted", true)],
    ['process.name == "a*"', term("process.name", "a*")], // == never expands wildcards
    // null: existence tests
    ["process.name == null", not({ exists: { field: "process.name" } })],
    ["process.name != null", not(not({ exists: { field: "process.name" } }))],
    ["not process.name == null", not(not({ exists: { field: "process.name" } }))],
    ["process.pid > null", { match_none: {} }],
    // ranges: false on missing; not flips the operator
    ["process.pid > 5", { range: { "process.pid": { gt: 5 } } }],
    ["process.pid >= 5", { range: { "process.pid": { gte: 5 } } }],
    ["process.pid < 5", { range: { "process.pid": { lt: 5 } } }],
    ["process.pid <= 5", { range: { "process.pid": { lte: 5 } } }],
    ["not process.pid > 5", { range: { "process.pid": { lte: 5 } } }],
    ["not process.pid <= 5", { range: { "process.pid": { gt: 5 } } }],
    ["5 < process.pid", { range: { "process.pid": { gt: 5 } } }],
    ['process.name >= "m"', { range: { "process.name": { gte: "m" } } }],
    // : and like~ are case-insensitive; wildcard only with * or ?
    ['process.name : "cmd.exe"', term("process.name", "cmd.exe", true)],
    ['process.name : "cmd*"', { wildcard: { "process.name": { wildcard: "cmd*", case_insensitive: true } } }],
    ['process.name like~ "c?d.exe"', { wildcard: { "process.name": { wildcard: "c?d.exe", case_insensitive: true } } }],
    ['process.name like "cmd*"', { wildcard: { "process.name": { wildcard: "cmd*" } } }],
    ['process.name : ("a*", "b.exe")', { bool: { should: [{ wildcard: { "process.name": { wildcard: "a*", case_insensitive: true } } }, term("process.name", "b.exe", true)], minimum_should_match: 1 } }],
    ['not process.name : "cmd*"', not({ wildcard: { "process.name": { wildcard: "cmd*", case_insensitive: true } } })],
    // backslash is literal in EQL patterns, an escape in Lucene: doubled
    ['file.path : "C:\\\\Windows\\\\*"', { wildcard: { "file.path": { wildcard: "C:\\\\Windows\\\\*", case_insensitive: true } } }],
    // regex: Lucene regexp with every operator on
    ['process.name regex "c.d\\\\.exe"', { regexp: { "process.name": { value: "c.d\\.exe", flags: "ALL" } } }],
    ['process.name regex~ "CMD.*"', { regexp: { "process.name": { value: "CMD.*", flags: "ALL", case_insensitive: true } } }],
    // in / in~
    ['process.name in ("a", "b")', { terms: { "process.name": ["a", "b"] } }],
    ['process.name not in ("a", "b")', not({ terms: { "process.name": ["a", "b"] } })],
    ['not process.name not in ("a")', { terms: { "process.name": ["a"] } }],
    ['process.name in~ ("A", "b*")', { bool: { should: [term("process.name", "A", true), term("process.name", "b*", true)], minimum_should_match: 1 } }],
    ["process.pid in (1, 2)", { terms: { "process.pid": [1, 2] } }],
    // string functions on a field; literals escaped for wildcard
    ['startsWith(process.name, "cmd")', { prefix: { "process.name": { value: "cmd" } } }],
    ['startsWith~(process.name, "CMD")', { prefix: { "process.name": { value: "CMD", case_insensitive: true } } }],
    ['endsWith(file.path, "\\\\x*.exe")', { wildcard: { "file.path": { wildcard: "*\\\\x\\*.exe" } } }],
    ['endsWith~(file.path, ".EXE")', { wildcard: { "file.path": { wildcard: "*.EXE", case_insensitive: true } } }],
    ['stringContains(process.command_line, "a?b")', { wildcard: { "process.command_line": { wildcard: "*a\\?b*" } } }],
    ['stringContains(process.command_line, "")', { match_none: {} }],
    ['not stringContains(process.command_line, "x")', not({ wildcard: { "process.command_line": { wildcard: "*x*" } } })],
    ['cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16")', { terms: { "source.ip": ["10.0.0.0/8", "192.168.0.0/16"] } }],
    ['not cidrMatch(source.ip, "10.0.0.0/8")', not({ terms: { "source.ip": ["10.0.0.0/8"] } })],
    // literals and bare boolean fields
    ["true", { match_all: {} }],
    ["false", { match_none: {} }],
    ["not true", { match_none: {} }],
    ["dll.code_signature.trusted", term("dll.code_signature.trusted", true)],
    ["?user.missing == null", not({ exists: { field: "user.missing" } })],
  ])("%s", (condition, expected) => {
    expect(dslOf(condition)).toEqual(expected);
  });
});

describe("compileConditionDsl: and/or/not push down by De Morgan", () => {
  it("and -> filter, or -> should", () => {
    expect(dslOf('a == "1" and b == "2"')).toEqual({ bool: { filter: [term("a", "1"), term("b", "2")] } });
    expect(dslOf('a == "1" or b == "2"')).toEqual({ bool: { should: [term("a", "1"), term("b", "2")], minimum_should_match: 1 } });
  });

  it("not (a and b) -> not a or not b, with ranges flipped", () => {
    expect(dslOf('not (a == "1" and x > 5)')).toEqual({ bool: { should: [not(term("a", "1")), { range: { x: { lte: 5 } } }], minimum_should_match: 1 } });
    expect(dslOf('not (a == "1" or x > 5)')).toEqual({ bool: { filter: [not(term("a", "1")), { range: { x: { lte: 5 } } }] } });
    expect(dslOf('not not a == "1"')).toEqual(term("a", "1"));
  });
});

describe("compileFilterDsl", () => {
  it("adds the category as a case-sensitive term on the category field", () => {
    const parsed = parseEql('process where process.name == "x"');
    const filter = parsed.ok ? (parsed.value as EventQuery).filter : undefined;
    expect(compileFilterDsl(filter!, { eventCategoryField: "event.category" })).toMatchObject({
      ok: true,
      value: { bool: { filter: [term("event.category", "process"), term("process.name", "x")] } },
    });
    const any = parseEql('any where a == "1"');
    expect(compileFilterDsl((any.ok ? (any.value as EventQuery) : undefined)!.filter, { eventCategoryField: "e" })).toMatchObject({ ok: true, value: term("a", "1") });
  });

  it("`where true` is the category term alone; a custom category field is honoured", () => {
    const parsed = parseEql("file where true");
    const filter = (parsed.ok ? (parsed.value as EventQuery) : undefined)!.filter;
    expect(compileFilterDsl(filter, { eventCategoryField: "ecat" })).toMatchObject({ ok: true, value: term("ecat", "file") });
  });
});

describe("compileConditionDsl: refuses what it cannot express exactly", () => {
  it.each([
    ["length(process.name) > 3", "length", 1, 11],
    ["process.pid + 1 == 5", "arithmetic over fields", 1, 11],
    ["process.pid == process.ppid", "field-to-field", 1, 26],
    ['between(process.name, "a", "b") == "x"', "between", 1, 11],
    ['substring(process.name, 1) : "x"', "pattern match over", 1, 11],
    ['concat(process.name, "x") in ("a")', "`in` over", 1, 11],
    ['process.name in ("a", null)', "`null` inside an `in` list", 1, 33],
    ['startsWith(concat(a, "b"), "x")', "startsWith", 1, 22],
    ["1 == 1", "two literals", 1, 11],
    ['"x"', "string literal as a condition", 1, 11],
    ["indexOf(process.name, \"a\") == 0", "indexOf", 1, 11],
    ['process.name : "ünïcode.exe"', "non-ASCII letter", 1, 26],
    ['process.name in~ ("a", "É")', "non-ASCII letter", 1, 34],
    ['startsWith~(process.name, "é")', "non-ASCII letter", 1, 11],
  ])("%s", (condition, messagePart, line, column) => {
    const result = compileConditionDsl(conditionOf(condition));
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: "opensearch/unsupported", severity: "error" });
    expect(d?.message).toContain(messagePart);
    expect(d?.range?.start).toMatchObject({ line, column });
  });

  it("reports every refused construct, not just the first", () => {
    const result = compileConditionDsl(conditionOf("length(a) > 1 and b + 1 == 2"));
    expect(result.diagnostics.map((d) => d.range?.start.column)).toEqual([11, 29]);
  });
});
