import { describe, expect, it } from "vitest";
import type { EventQuery, Expr, Query, SampleQuery, SequenceQuery } from "../../src/eql/ast.ts";
import { stripRanges } from "../../src/eql/format.ts";
import { parseEql } from "../../src/eql/parser.ts";

function parse(text: string): Query {
  const r = parseEql(text);
  if (!r.ok) throw new Error(`${text}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return r.value;
}

function condition(text: string): Expr {
  const q = parse(text);
  if (q.kind !== "event") throw new Error("not an event query");
  return q.filter.condition;
}

/** A compact s-expression, so precedence cases read at a glance. */
function sx(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return e.valueType === "string" ? JSON.stringify(e.value) : `${String(e.value)}:${e.valueType}`;
    case "field":
      return `${e.optional ? "?" : ""}${e.path.join("|")}`;
    case "call":
      return `(${e.name}${e.caseInsensitive ? "~" : ""} ${e.args.map(sx).join(" ")})`;
    case "unary":
      return `(${e.op}u ${sx(e.operand)})`;
    case "arithmetic":
    case "compare":
    case "logical":
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case "in":
      return `(${e.negated ? "not-" : ""}in${e.caseInsensitive ? "~" : ""} ${sx(e.value)} [${e.list.map(sx).join(" ")}])`;
    case "match":
      return `(${e.colon ? ":" : e.op + (e.caseInsensitive ? "~" : "")} ${sx(e.value)} ${e.listForm ? "[" : ""}${e.patterns.map(sx).join(" ")}${e.listForm ? "]" : ""})`;
    case "not":
      return `(not ${sx(e.operand)})`;
  }
}

const c = (cond: string): string => sx(condition(`x where ${cond}`));

describe("C.1 lexical rules", () => {
  it.each([
    ["a == 1", "(== a 1:long)"],
    ["a == 1.5", "(== a 1.5:double)"],
    ["a == 1.", "(== a 1:double)"],
    ["a == .5", "(== a 0.5:double)"],
    ["a == 1e3", "(== a 1000:double)"],
    ["a == 2E-2", "(== a 0.02:double)"],
    ["a == 99999999999999999999", "(== a 100000000000000000000:double)"],
    ["a == 9223372036854775807", "(== a 9223372036854776000:long)"],
    ["a == true or b == false or c == null", "(or (or (== a true:boolean) (== b false:boolean)) (== c null:null))"],
    ["@timestamp > 0", "(> @timestamp 0:long)"],
    ["`my-field`.`a``b`.c == 1", "(== my-field|a`b|c 1:long)"],
    ["`sequence` == 1", "(== sequence 1:long)"],
    ["?opt.f != null", "(!= ?opt|f null:null)"],
    ['a == "\\b\\t\\n\\f\\r\\"\\\'\\\\"', `(== a ${JSON.stringify("\b\t\n\f\r\"'\\")})`],
    ['a == "\\u{41}\\u{1F600}\\u{0000004A}"', '(== a "A😀J")'],
    ['a == """C:\\Windows\\*"""', '(== a "C:\\\\Windows\\\\*")'],
    ['a == """a""""', '(== a "a\\"")'],
    ['a == """a"""""', '(== a "a\\"\\"")'],
    ['a == """"""', '(== a "")'],
    ['a == ""', '(== a "")'],
    ["a == 1 // line comment", "(== a 1:long)"],
    ["a /* block /* nested */ still comment */ == 1", "(== a 1:long)"],
    ["a\t==\r\n1", "(== a 1:long)"],
  ])("%s", (input, expected) => {
    expect(c(input)).toBe(expected);
  });

  it("maps function names case-insensitively to the canonical name", () => {
    expect(c('cidrmatch(ip, "10.0.0.0/8")')).toBe('(cidrMatch ip "10.0.0.0/8")');
    expect(c('startswith~(a, "x")')).toBe('(startsWith~ a "x")');
    expect(c('CONCAT(a, "x") == "y"')).toBe('(== (concat a "x") "y")');
    expect(c('STRINGCONTAINS(a, "x")')).toBe('(stringContains a "x")');
  });

  it("keeps a function name's range and the ~", () => {
    const e = condition('x where endsWith~(a, "b")');
    expect(e.kind === "call" && [e.nameRange.start.offset, e.nameRange.end.offset]).toEqual([8, 17]);
  });
});

describe("C.2 query forms", () => {
  it("event query with an identifier category", () => {
    const q = parse("process where true") as EventQuery;
    expect(q.filter.category).toBe("process");
    expect(q.pipes).toEqual([]);
  });

  it("any where, string and raw-string categories", () => {
    expect((parse("any where true") as EventQuery).filter.category).toBeNull();
    expect((parse('"my-cat" where true') as EventQuery).filter.category).toBe("my-cat");
    expect((parse('"""my cat""" where true') as EventQuery).filter.category).toBe("my cat");
    expect((parse('"any" where true') as EventQuery).filter.category).toBe("any");
  });

  it("sequence with shared and per-stage keys, maxspan, runs and until", () => {
    const q = parse(
      "sequence by host.id, ?user.id with maxspan = 30s [process where a == 1] by process.pid [file where true] by process.pid with runs=3 until [process where b] by process.pid",
    ) as SequenceQuery;
    expect(q.keys.map(sx)).toEqual(["host|id", "?user|id"]);
    expect(q.maxspan).toMatchObject({ value: 30, unit: "s", millis: 30_000 });
    expect(q.stages.map((s) => [s.filter.category, s.keys.map(sx), s.runs, s.runsWritten, s.missing])).toEqual([
      ["process", ["process|pid"], 1, false, false],
      ["file", ["process|pid"], 3, true, false],
    ]);
    expect(q.until?.filter.category).toBe("process");
  });

  it.each([
    ["1ms", 1],
    ["2s", 2000],
    ["3m", 180_000],
    ["4h", 14_400_000],
    ["5d", 432_000_000],
    ["5 s", 5000],
  ])("maxspan=%s", (span, millis) => {
    const q = parse(`sequence with maxspan=${span} [a where true] [b where true]`) as SequenceQuery;
    expect(q.maxspan?.millis).toBe(millis);
  });

  it("missing events ![…]", () => {
    const q = parse("sequence with maxspan=1h [a where true] ![b where true] [c where true]") as SequenceQuery;
    expect(q.stages.map((s) => s.missing)).toEqual([false, true, false]);
  });

  it("a single stage with runs is legal syntax", () => {
    const q = parse("sequence [a where true] with runs=3") as SequenceQuery;
    expect(q.stages).toHaveLength(1);
    expect(q.stages[0]!.runs).toBe(3);
  });

  it("samples with shared and per-stage keys", () => {
    const q = parse("sample by host.id [a where true] by x [b where true] [c where true] by y") as SampleQuery;
    expect(q.kind).toBe("sample");
    expect(q.keys.map(sx)).toEqual(["host|id"]);
    expect(q.stages.map((s) => s.keys.map(sx))).toEqual([["x"], [], ["y"]]);
  });

  it("head and tail pipes, chained, on every query form", () => {
    expect((parse("a where true | head 4 | tail 2") as EventQuery).pipes.map((p) => [p.kind, p.count])).toEqual([
      ["head", 4],
      ["tail", 2],
    ]);
    expect((parse("sequence [a where true] [b where true] | tail 0") as SequenceQuery).pipes).toHaveLength(1);
  });
});

describe("C.3 precedence", () => {
  it.each([
    ["a + b in (1)", "(+ a (in b [1:long]))"],
    ["a + b * c == d - e / f % g", "(== (+ a (* b c)) (- d (% (/ e f) g)))"],
    ["a - b - c == 1", "(== (- (- a b) c) 1:long)"],
    ["-a * b == 1", "(== (* (-u a) b) 1:long)"],
    ["-a in (1)", "(-u (in a [1:long]))"],
    ["- -1 < 2", "(< (-u (-u 1:long)) 2:long)"],
    ["+a == 1", "(== (+u a) 1:long)"],
    ["not a and b", "(and (not a) b)"],
    ["not a == b", "(not (== a b))"],
    ["not not a", "(not (not a))"],
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c and d", "(or (and a b) (and c d))"],
    ["(a or b) and c", "(and (or a b) c)"],
    ["a or b or c", "(or (or a b) c)"],
    ["a == b in (1)", "(== a (in b [1:long]))"],
    ["a not in (1, 2)", "(not-in a [1:long 2:long])"],
    ["a not in~ (\"x\")", '(not-in~ a ["x"])'],
    ["a in~ (\"x\", b + 1)", '(in~ a ["x" (+ b 1:long)])'],
    ['a : "x*"', '(: a "x*")'],
    ['a : ("x*", "y")', '(: a ["x*" "y"])'],
    ['a:("x")', '(: a ["x"])'],
    ['a like "x*"', '(like a "x*")'],
    ['a like~ ("x*", "y")', '(like~ a ["x*" "y"])'],
    ['a regex ".*"', '(regex a ".*")'],
    ['a regex~ (".*")', '(regex~ a [".*"])'],
    ['length(a) > 3 and substring(a, 1, -1) == "x"', '(and (> (length a) 3:long) (== (substring a 1:long (-u 1:long)) "x"))'],
    ["add(1, 2) == 3", "(== (add 1:long 2:long) 3:long)"],
    ["concat() == \"\"", '(== (concat ) "")'],
    ["(a)", "a"],
    ["((a == 1))", "(== a 1:long)"],
  ])("%s", (input, expected) => {
    expect(c(input)).toBe(expected);
  });

  it("every function name parses", () => {
    const names = ["add", "between", "cidrMatch", "concat", "divide", "endsWith", "indexOf", "length", "modulo", "multiply", "number", "startsWith", "string", "stringContains", "substring", "subtract"];
    for (const n of names) expect(c(`${n.toLowerCase()}(a, b)`)).toBe(`(${n} a b)`);
  });
});

describe("ranges", () => {
  it("are relative to the query, line/column from 1, offset from 0, end exclusive", () => {
    const q = parse('process where\n  a == "x" and\n  b in (1)') as EventQuery;
    const cond = q.filter.condition;
    expect(cond.range).toEqual({ start: { line: 2, column: 3, offset: 16 }, end: { line: 3, column: 11, offset: 39 } });
    if (cond.kind !== "logical" || cond.right.kind !== "in") throw new Error("shape");
    expect(cond.right.value.range).toEqual({ start: { line: 3, column: 3, offset: 31 }, end: { line: 3, column: 4, offset: 32 } });
    expect(q.filter.categoryRange).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 8, offset: 7 } });
    expect(q.range.file).toBeUndefined();
  });

  it("a binary node that starts with parentheses covers them", () => {
    const e = condition("x where (a or b) and c");
    expect([e.range.start.offset, e.range.end.offset]).toEqual([8, 22]);
  });

  it("optional fields include the ?, stages include their keys", () => {
    const q = parse("sequence [a where ?b.c] by d [e where true]") as SequenceQuery;
    expect(q.stages[0]!.filter.condition.range.start.offset).toBe(18);
    expect([q.stages[0]!.range.start.offset, q.stages[0]!.range.end.offset]).toEqual([9, 28]);
    expect([q.range.start.offset, q.range.end.offset]).toEqual([0, 43]);
  });

  it("pipes widen the query range", () => {
    const q = parse("a where true | head 1");
    expect(q.range.end.offset).toBe(21);
  });
});

describe("AST shape", () => {
  it("is plain JSON data", () => {
    const q = parse('sequence by h with maxspan=1m [a where x : "y"] [b where startsWith~(z, "q")] | head 1');
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
    expect(stripRanges(q)).toMatchObject({ kind: "sequence", maxspan: { kind: "duration", value: 1, unit: "m" } });
  });
});
