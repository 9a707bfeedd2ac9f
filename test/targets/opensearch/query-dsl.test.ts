import { describe, expect, it } from "vitest";
import { parseEql } from "../../../src/eql/index.ts";
import type { EventQuery } from "../../../src/eql/index.ts";
import { compileConditionDsl, compileFilterDsl } from "../../../src/targets/opensearch/query-dsl.ts";
import { EXPR_SCRIPT } from "../../../src/targets/opensearch/expr-script.ts";

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
    // `:` folds i and s like İ/ı and ſ, so this one is a regexp of fold classes (see the fold-regexp cases below)
    ['file.path : "C:\\\\Windows\\\\*"', { regexp: { "file.path": { value: "C\\:\\\\W[iİı]ndow[sſ]\\\\.*", flags: "ALL", case_insensitive: true } } }],
    // regex: Lucene regexp with every operator on
    ['process.name regex "c.d\\\\.exe"', { regexp: { "process.name": { value: "c.d\\.exe", flags: "ALL" } } }],
    ['process.name regex~ "CMD.*"', { regexp: { "process.name": { value: "CMD.*", flags: "ALL", case_insensitive: true } } }],
    // a literal whose fold leaves ASCII (é, k, s, i) becomes its fold class, case-sensitive; classes stay as written
    ['process.name regex~ "é[a-z]*"', { regexp: { "process.name": { value: "[éÉ][a-z]{0,}", flags: "ALL" } } }],
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

/** The interpreter tree of a condition that compiled to the Painless script (expr-script.ts). */
function scriptTreeOf(condition: string): unknown {
  const query = dslOf(condition) as { script_score?: { script: { source: string; params: { q: unknown } }; min_score: number } };
  expect(query.script_score?.script.source).toBe(EXPR_SCRIPT);
  expect(query.script_score?.min_score).toBe(1);
  return query.script_score?.script.params.q;
}

const field = (...p: string[]) => ({ t: "field", p });
const lit = (v: unknown) => ({ t: "lit", v });

describe("compileConditionDsl: what Lucene cannot do runs in the Painless interpreter, with the engine's split", () => {
  it.each([
    // script conditions (three-valued; `not` flips a boolean and keeps null)
    ["length(process.name) > 3", { t: "val", neg: false, e: { t: "cmp", op: ">", l: { t: "call", f: "length", a: [field("process", "name")], ci: false, dbl: false }, r: lit(3) } }],
    ["not length(process.name) > 3", { t: "val", neg: true, e: { t: "cmp", op: ">", l: { t: "call", f: "length", a: [field("process", "name")], ci: false, dbl: false }, r: lit(3) } }],
    ["process.pid == process.ppid", { t: "val", neg: false, e: { t: "cmp", op: "==", l: field("process", "pid"), r: field("process", "ppid") } }],
    ["process.pid / 2.0 > 1", { t: "val", neg: false, e: { t: "cmp", op: ">", l: { t: "arith", op: "/", l: field("process", "pid"), r: lit(2), dbl: true }, r: lit(1) } }],
    ["1 == 1", { t: "val", neg: false, e: { t: "cmp", op: "==", l: lit(1), r: lit(1) } }],
    ["substring(a, 1) == null", { t: "val", neg: false, e: { t: "isnull", neg: false, e: { t: "call", f: "substring", a: [field("a"), lit(1)], ci: false, dbl: false } } }],
    ['concat(a, "x") in ("ax", b)', { t: "val", neg: false, e: { t: "in", e: { t: "call", f: "concat", a: [field("a"), lit("x")], ci: false, dbl: false }, a: [lit("ax"), field("b")], ci: false, neg: false, cst: false } }],
    ["stringContains(process.command_line, process.name)", { t: "val", neg: false, e: { t: "call", f: "stringContains", a: [field("process", "command_line"), field("process", "name")], ci: false, dbl: false } }],
    // field predicates (any value; set complement under `not`) against constants Lucene cannot take
    ['process.name in ("a", null)', { t: "pred", p: ["process", "name"], k: "eq", a: [lit("a"), { t: "null" }], neg: false, ci: false, op: "", f: "" }],
    ["process.pid > 1 + 1", { t: "pred", p: ["process", "pid"], k: "cmp", a: [{ t: "arith", op: "+", l: lit(1), r: lit(1), dbl: false }], neg: false, ci: false, op: ">", f: "" }],
    ['not startsWith(process.name, concat("a", "b"))', { t: "pred", p: ["process", "name"], k: "fn", a: [{ t: "call", f: "concat", a: [lit("a"), lit("b")], ci: false, dbl: false }], neg: true, ci: false, op: "", f: "startsWith" }],
  ])("%s", (condition, tree) => {
    expect(scriptTreeOf(condition)).toEqual(tree);
  });

  it("a number or a string is never a true condition: match_none, no script", () => {
    expect(dslOf("process.pid + 1")).toEqual({ match_none: {} });
    expect(dslOf('"x"')).toEqual({ match_none: {} });
  });
});

describe("compileConditionDsl: case-insensitive matching folds as EQL does (fold-regexp.ts)", () => {
  const regexp = (f: string, value: string) => ({ regexp: { [f]: { value, flags: "ALL", case_insensitive: true } } });
  it.each([
    // ASCII-only classes: Lucene's own case_insensitive queries are exact
    ['process.name : "cmd.exe"', term("process.name", "cmd.exe", true)],
    // i, k and s have non-ASCII members (İ ı, K Kelvin sign, ſ long s): a regexp of fold classes
    ['process.name : "psexesvc.exe"', regexp("process.name", "p[sſ]exe[sſ]vc\\.exe")],
    ['process.name : "*\\\\admin$"', regexp("process.name", ".*\\\\adm[iİı]n\\$")],
    ['process.name : "ünï?code"', regexp("process.name", "[üÜ]n[ïÏ].code")],
    ['process.name in~ ("a", "É")', { bool: { should: [term("process.name", "a", true), regexp("process.name", "[ÉéÉ]".replace("ÉéÉ", "Éé"))], minimum_should_match: 1 } }],
    ['startsWith~(process.name, "ok")', regexp("process.name", "o[k\u212a].*")],
    ['endsWith~(process.name, "Σ")', regexp("process.name", ".*[Σσς]")],
  ])("%s", (condition, query) => {
    expect(dslOf(condition)).toEqual(query);
  });
});

describe("compileConditionDsl: refuses only what OpenSearch cannot evaluate", () => {
  it.each([
    ['substring(process.name, 1) regex "(x)\\\\1"', "`regex` over a computed value", 1, 11 + 'substring(process.name, 1) regex '.length],
    ['cidrMatch(string(source.ip), concat("10.0.0.0/", "8"))', "`cidrMatch` with blocks that are not valid CIDR string literals", 1, 11],
  ])("%s", (condition, messagePart, line, column) => {
    const result = compileConditionDsl(conditionOf(condition));
    expect(result.ok).toBe(false);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: "opensearch/unsupported", severity: "error" });
    expect(d?.message).toContain(messagePart);
    expect(d?.range?.start).toMatchObject({ line, column });
  });

  it("reports every refused construct, not just the first", () => {
    const result = compileConditionDsl(conditionOf('substring(a, 1) regex "\\\\bx" and cidrMatch(string(b), "10.0.0.0/88")'));
    expect(result.diagnostics.map((d) => d.range?.start.column)).toEqual([33, 44]);
  });
});
