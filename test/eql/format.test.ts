import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type {
  DurationUnit, EventFilter, Expr, FieldRef, Literal, Pipe, Query, SampleStage, SequenceStage,
} from "../../src/eql/ast.ts";
import { FUNCTION_NAMES } from "../../src/eql/functions.ts";
import { astEquals, formatEql, stripRanges } from "../../src/eql/format.ts";
import { parseEql } from "../../src/eql/parser.ts";

function parsed(text: string): Query {
  const r = parseEql(text);
  if (!r.ok) throw new Error(`parse failed for ${text}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value;
}

function format(text: string): string {
  return formatEql(parsed(text));
}

describe("formatEql golden cases", () => {
  const cases: Array<[string, string]> = [
    ['process   where process.name=="cmd.exe"', 'process where process.name == "cmd.exe"'],
    ["any where true", "any where true"],
    ['"my cat" where true', '"my cat" where true'],
    ['"""raw cat""" where true', '"raw cat" where true'],
    ["process where (a == 1 or b == 2) and c == 3", "process where (a == 1 or b == 2) and c == 3"],
    ["process where ((a == 1) and (b == 2))", "process where a == 1 and b == 2"],
    ["process where a == 1 or (b == 2 and c == 3)", "process where a == 1 or b == 2 and c == 3"],
    ["process where a and (b and c)", "process where a and (b and c)"],
    ["process where not (a and b)", "process where not (a and b)"],
    ["process where not a == 1", "process where not a == 1"],
    ["process where (a + b) * c == 1", "process where (a + b) * c == 1"],
    ["process where a - (b - c) == 1", "process where a - (b - c) == 1"],
    ["process where (a + b) in (1, 2)", "process where (a + b) in (1, 2)"],
    ["process where a + b in (1)", "process where a + b in (1)"],
    ['process where x : ("a*")', 'process where x : ("a*")'],
    ['process where x:"a*"', 'process where x : "a*"'],
    ['process where x like~ """C:\\Win\\*"""', 'process where x like~ "C:\\\\Win\\\\*"'],
    ['process where x not in~ ("A","b")', 'process where x not in~ ("A", "b")'],
    ['process where STARTSWITH~(x, "a") and cidrmatch(ip, "10.0.0.0/8")', 'process where startsWith~(x, "a") and cidrMatch(ip, "10.0.0.0/8")'],
    ["process where `my``field`.`sequence`.ok == 1.0", "process where `my``field`.`sequence`.ok == 1.0"],
    ["process where ?x != null // trailing\n", "process where ?x != null"],
    ["process where /* a /* nested */ comment */ x == 1e3", "process where x == 1000.0"],
    ["process where -x == - 1", "process where -x == -1"],
    ['process where x == "tab\\there \\u{1F600} \\"q\\""', 'process where x == "tab\\there 😀 \\"q\\""'],
    ["process where true | head 5 | tail 2", "process where true | head 5 | tail 2"],
    [
      "sequence by host.id with maxspan = 1m [process where true] by user.name [file where x == 1] with runs=2 until [process where false] | head 3",
      "sequence by host.id with maxspan=1m\n  [process where true] by user.name\n  [file where x == 1] with runs=2\nuntil [process where false]\n| head 3",
    ],
    [
      "sequence with maxspan=5s ![process where true] [file where true]",
      "sequence with maxspan=5s\n  ![process where true]\n  [file where true]",
    ],
    ["sample by host.id [a where true] [b where true] by x", "sample by host.id\n  [a where true]\n  [b where true] by x"],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(format(input)).toBe(expected);
    expect(astEquals(parsed(expected), parsed(input))).toBe(true);
  });

  it("breaks a long top-level chain one operand per line and keeps the meaning", () => {
    const q = `process where ${Array.from({ length: 8 }, (_, i) => `process.name == "some-long-process-name-${i}.exe"`).join(" or ")}`;
    const out = format(q);
    expect(out.split("\n")).toHaveLength(9);
    expect(out.split("\n")[1]).toBe('  process.name == "some-long-process-name-0.exe"');
    expect(out.split("\n")[2]).toBe('  or process.name == "some-long-process-name-1.exe"');
    expect(astEquals(parsed(out), parsed(q))).toBe(true);
  });

  it("stripRanges drops every range and keeps the flags", () => {
    const stripped = stripRanges(parsed('process where x : "a"'));
    expect(JSON.stringify(stripped)).not.toContain("range");
    expect(JSON.stringify(stripped)).toContain('"colon":true');
  });
});

// ----------------------------------------------------------- property: roundtrip

const R = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const UNITS: Record<DurationUnit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const anyText = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 6 }));
const identLike = fc.stringMatching(/^[A-Za-z_@][A-Za-z0-9_]{0,6}$/);
const segment = fc.oneof(identLike, identLike, fc.string({ minLength: 1, maxLength: 5 }), fc.constantFrom("in", "sequence", "where"));

const literal: fc.Arbitrary<Literal> = fc.oneof(
  anyText.map((value) => ({ kind: "literal", value, valueType: "string", range: R }) as const),
  fc.maxSafeNat().map((value) => ({ kind: "literal", value, valueType: "long", range: R }) as const),
  fc
    .double({ min: 0, noNaN: true, noDefaultInfinity: true })
    .filter((v) => !Object.is(v, -0))
    .map((value) => ({ kind: "literal", value, valueType: "double", range: R }) as const),
  fc.boolean().map((value) => ({ kind: "literal", value, valueType: "boolean", range: R }) as const),
  fc.constant({ kind: "literal", value: null, valueType: "null", range: R } as const),
);

const field: fc.Arbitrary<FieldRef> = fc
  .record({ path: fc.array(segment, { minLength: 1, maxLength: 3 }), optional: fc.boolean() })
  .map(({ path, optional }) => ({ kind: "field", path, name: path.join("."), optional, range: R }));

const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie("expr");
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal,
      field,
      fc.record({
        kind: fc.constant("call" as const), name: fc.constantFrom(...FUNCTION_NAMES), caseInsensitive: fc.boolean(),
        args: fc.array(sub, { maxLength: 3 }), nameRange: fc.constant(R), range: fc.constant(R),
      }),
      fc.record({ kind: fc.constant("unary" as const), op: fc.constantFrom("-" as const, "+" as const), operand: sub, range: fc.constant(R) }),
      fc.record({ kind: fc.constant("arithmetic" as const), op: fc.constantFrom("+", "-", "*", "/", "%" as const), left: sub, right: sub, range: fc.constant(R) }),
      fc.record({ kind: fc.constant("compare" as const), op: fc.constantFrom("==", "!=", "<", "<=", ">", ">=" as const), left: sub, right: sub, range: fc.constant(R) }),
      fc.record({
        kind: fc.constant("in" as const), negated: fc.boolean(), caseInsensitive: fc.boolean(), value: sub,
        list: fc.array(sub, { minLength: 1, maxLength: 3 }), range: fc.constant(R),
      }),
      fc
        .record({
          form: fc.constantFrom("colon", "like", "like~", "regex", "regex~"), value: sub,
          patterns: fc.array(literal, { minLength: 1, maxLength: 3 }), listForm: fc.boolean(),
        })
        .map(({ form, value, patterns, listForm }) => ({
          kind: "match" as const, op: form.startsWith("regex") ? ("regex" as const) : ("like" as const),
          caseInsensitive: form === "colon" || form.endsWith("~"), colon: form === "colon", value, patterns,
          listForm: listForm || patterns.length > 1, range: R,
        })),
      fc.record({ kind: fc.constant("not" as const), operand: sub, range: fc.constant(R) }),
      fc.record({ kind: fc.constant("logical" as const), op: fc.constantFrom("and" as const, "or" as const), left: sub, right: sub, range: fc.constant(R) }),
    ),
  };
});

const filter: fc.Arbitrary<EventFilter> = fc
  .record({ category: fc.option(fc.oneof(identLike, anyText, fc.constantFrom("any", "where"))), condition: expr })
  .map(({ category, condition }) => ({ kind: "filter", category, categoryRange: R, condition, range: R }));
const keys = fc.array(expr, { maxLength: 2 });
const pipes: fc.Arbitrary<Pipe[]> = fc.array(
  fc.record({ kind: fc.constantFrom("head" as const, "tail" as const), count: fc.nat(), range: fc.constant(R) }),
  { maxLength: 2 },
);
const stage: fc.Arbitrary<SequenceStage> = fc
  .record({ filter, keys, runs: fc.option(fc.nat({ max: 200 })), missing: fc.boolean() })
  .map(({ filter: f, keys: k, runs, missing }) => ({
    kind: "stage", filter: f, keys: k, runs: runs ?? 1, runsWritten: runs !== null, missing, range: R,
  }));
const sampleStage: fc.Arbitrary<SampleStage> = fc
  .record({ filter, keys })
  .map(({ filter: f, keys: k }) => ({ kind: "sample-stage", filter: f, keys: k, range: R }));

const query: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ kind: fc.constant("event" as const), filter, pipes, range: fc.constant(R) }),
  fc
    .record({
      keys, stages: fc.array(stage, { minLength: 1, maxLength: 3 }), until: fc.option(stage), pipes,
      maxspan: fc.option(fc.record({ value: fc.integer({ min: 1, max: 10_000 }), unit: fc.constantFrom(...(Object.keys(UNITS) as DurationUnit[])) })),
    })
    .map(({ maxspan, ...rest }) => ({
      kind: "sequence" as const, ...rest, range: R,
      maxspan: maxspan && { kind: "duration" as const, ...maxspan, millis: maxspan.value * UNITS[maxspan.unit], range: R },
    })),
  fc.record({ kind: fc.constant("sample" as const), keys, stages: fc.array(sampleStage, { minLength: 1, maxLength: 3 }), pipes, range: fc.constant(R) }),
);

describe("formatEql property", () => {
  it("parse(format(ast)) equals ast, ignoring ranges", () => {
    fc.assert(
      fc.property(query, (q) => {
        const text = formatEql(q);
        const r = parseEql(text);
        if (!r.ok) throw new Error(`formatted text does not parse:\n${text}\n${r.diagnostics.map((d) => d.message).join("\n")}`);
        expect(stripRanges(r.value)).toEqual(stripRanges(q));
      }),
      { numRuns: Number(process.env.EQL_PROP_RUNS ?? 600) },
    );
  }, 120_000);

  it("formatting is idempotent on formatted text", () => {
    fc.assert(
      fc.property(query, (q) => {
        const once = formatEql(q);
        expect(formatEql(parsed(once))).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});
