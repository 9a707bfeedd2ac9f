import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics/index.ts";
import { parseEql } from "../../src/eql/parser.ts";

/** `_error_` cases: input, code, line, column, and a piece of the message. */
const cases: Array<[string, string, number, number, string]> = [
  // lexical
  ['x where a == "\\d"', "eql/string-escape", 1, 15, "Illegal escape sequence [\\d]"],
  ['x where a == "\\u{1}"', "eql/string-escape", 1, 15, "2 to 8 hex digits"],
  ['x where a == "\\u{123456789}"', "eql/string-escape", 1, 15, "2 to 8 hex digits"],
  ['x where a == "\\u{110000}"', "eql/string-escape", 1, 15, "Invalid unicode code point"],
  ['x where a == "line\nbreak"', "eql/syntax", 1, 14, "cannot span lines"],
  ['x where a == "open', "eql/syntax", 1, 14, "Unterminated string"],
  ['x where a == """one\nline"""', "eql/syntax", 1, 14, "same line"],
  ["x where a == 'single'", "eql/string-quotes", 1, 14, "Use double quotes"],
  ['x where a == ?"raw"', "eql/string-quotes", 1, 14, 'Use triple double quotes ["""]'],
  ["x where a == ?'raw'", "eql/string-quotes", 1, 14, "not [?']"],
  ["x where a == 1 /* open", "eql/syntax", 1, 16, "Unterminated block comment"],
  ["x where `open == 1", "eql/syntax", 1, 9, "Unterminated quoted identifier"],
  ["x where `` == 1", "eql/syntax", 1, 9, "Empty quoted identifier"],
  ["x where a # 1", "eql/syntax", 1, 11, "Unexpected character [#]"],
  ["x where a == 1e999", "eql/syntax", 1, 14, "too large"],
  // keywords and identifiers
  ["x WHERE a", "eql/syntax", 1, 3, "did you mean [where]?"],
  ["x where a AND b", "eql/syntax", 1, 11, "did you mean [and]?"],
  ["x where sequence == 1", "eql/syntax", 1, 9, "quote it: `sequence`"],
  ["x where event.sequence == 1", "eql/syntax", 1, 15, "quote it with backticks"],
  ["x where a == 1 and", "eql/syntax", 1, 19, "Expected an expression but found end of input"],
  ["where a == 1", "eql/syntax", 1, 1, "event category"],
  ["x a == 1", "eql/syntax", 1, 3, "Expected [where]"],
  // operators
  ["x where a = 1", "eql/syntax", 1, 11, "Use [==]"],
  ["x where a < b <= c", "eql/syntax", 1, 15, "Chained comparisons"],
  ["x where a == b == c", "eql/syntax", 1, 16, "Chained comparisons"],
  ['x where a not like "x"', "eql/syntax", 1, 15, "Expected [in] or [in~] after [not]"],
  ["x where a : b", "eql/syntax", 1, 13, "patterns must be constants"],
  ['x where a like ("x", b)', "eql/syntax", 1, 22, "patterns must be constants"],
  ["x where a in ()", "eql/syntax", 1, 15, "Expected an expression"],
  ["x where a in (1, 2", "eql/syntax", 1, 19, "Expected [,] or [)]"],
  ["x where a in 1", "eql/syntax", 1, 14, "Expected [(] after [in]"],
  ['x where a in ~("x")', "eql/syntax", 1, 14, "Expected [(] after [in]"],
  ['x where startsWith ~(a, "b")', "eql/syntax", 1, 20, "Expected an operator"],
  ['x where a~ == "b"', "eql/syntax", 1, 12, "Expected [(] after function name [a~]"],
  ["x where (a == 1", "eql/syntax", 1, 16, "Expected [)]"],
  ["x where a[0] == 1", "eql/array-index", 1, 10, "Array indexes are not supported"],
  ['x where process.name == "a" and descendant of [y where true]', "eql/unsupported-lineage", 1, 33, "Lineage queries"],
  // functions
  ['x where endwith(a, "b")', "eql/unknown-function", 1, 9, "Unknown function [endwith], did you mean [endsWith]?"],
  ['x where match(a, "b")', "eql/unknown-function", 1, 9, "Unknown function [match]"],
  ["x where arrayContains(a, 1)", "eql/unknown-function", 1, 9, "Unknown function [arrayContains]"],
  ["x where a.b(1)", "eql/syntax", 1, 12, "Expected an operator"],
  // sequences
  ["sequence with maxspan=30 [a where true] [b where true]", "eql/maxspan", 1, 23, "No time unit specified, did you mean [s] as in [30s]?"],
  ["sequence with maxspan=1.5s [a where true] [b where true]", "eql/maxspan", 1, 23, "Decimal time interval [1.5] not supported"],
  ["sequence with maxspan=5w [a where true] [b where true]", "eql/maxspan", 1, 24, "Unrecognized time unit [w]"],
  ["sequence with maxspan=0s [a where true] [b where true]", "eql/maxspan", 1, 23, "positive integer"],
  ["sequence with maxspan=1s by key [a where true] [b where true]", "eql/syntax", 1, 26, "Please specify sequence [by] before [with] not after"],
  ["sequence with runs=2 [a where true] [b where true]", "eql/syntax", 1, 15, "[runs] belongs to a stage"],
  ["sequence [a where true] with maxspan=1s [b where true]", "eql/syntax", 1, 30, "[maxspan] belongs to the sequence"],
  ["sequence [a where true] with runs 2", "eql/syntax", 1, 35, "Expected [=] after [runs]"],
  ["sequence [a where true] with runs=2.5", "eql/syntax", 1, 35, "Expected an integer after [runs=]"],
  ["sequence [a where true] with foo=2", "eql/syntax", 1, 30, "Expected [runs] after [with]"],
  ["sequence", "eql/syntax", 1, 9, "Expected [by], [with] or a sequence stage"],
  ["sequence [a where true [b where true]", "eql/syntax", 1, 24, "Expected []] to close the stage"],
  ["sequence [a where true] ! [b where true]", "eql/syntax", 1, 25, "Unexpected character [!]"],
  // samples
  ["sample by h [a where true] with runs=2", "eql/sample-restriction", 1, 28, "does not support [with]"],
  ["sample by h [a where true] ![b where true]", "eql/sample-restriction", 1, 28, "missing events"],
  ["sample by h", "eql/syntax", 1, 12, "Expected a sample stage"],
  // join and pipes
  ["join by h [a where true] [b where true]", "eql/unsupported-join", 1, 1, "Queries using [join] are not supported"],
  ["x where true | count", "eql/unsupported-pipe", 1, 16, "Pipe [count] is not supported"],
  ["x where true | unique a, b", "eql/unsupported-pipe", 1, 16, "Pipe [unique] is not supported"],
  ["x where true | unique_count a", "eql/unsupported-pipe", 1, 16, "Pipe [unique_count] is not supported"],
  ["x where true | filter a == 1", "eql/unsupported-pipe", 1, 16, "Pipe [filter] is not supported"],
  ["x where true | sort a", "eql/unsupported-pipe", 1, 16, "Pipe [sort] is not supported"],
  ["x where true | haed 3", "eql/unknown-pipe", 1, 16, "Unrecognized pipe [haed], did you mean [head]?"],
  ["x where true | head", "eql/pipe-argument", 1, 16, "Pipe [head] expects a positive integer"],
  ["x where true | tail -1", "eql/pipe-argument", 1, 21, "Pipe [tail] expects a positive integer, found [-]"],
  ["x where true | head 1.5", "eql/pipe-argument", 1, 21, "found [1.5]"],
  ["x where true | head 1 tail 2", "eql/syntax", 1, 23, "Expected an operator, [|] or end of input"],
  ["x where true |", "eql/syntax", 1, 15, "Expected a pipe name"],
  // position on later lines
  ['sequence\n  [process where a == 1]\n  [file where b == \'x\']', "eql/string-quotes", 3, 20, "Use double quotes"],
];

describe("parseEql errors", () => {
  it.each(cases)("%s", (input, code, line, column, message) => {
    const r = parseEql(input);
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0]!;
    expect({ code: d.code, line: d.range?.start.line, column: d.range?.start.column }).toEqual({ code, line, column });
    expect(d.message).toContain(message);
    expect(d.severity).toBe("error");
  });

  it("reports every refused construct, not just the first", () => {
    const r = parseEql("x where a[1] == 1 | count | sort a | foo");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["eql/array-index", "eql/unsupported-pipe", "eql/unsupported-pipe", "eql/unknown-pipe"]);
  });

  it("formatDiagnostic renders the caret excerpt under the offending text", () => {
    const q = 'process where endwith(process.name, "x")';
    const r = parseEql(q);
    const d = r.diagnostics[0]!;
    const text = formatDiagnostic({ ...d, range: { ...d.range!, file: "query" } }, new Map([["query", q]]));
    expect(text).toBe(
      [
        "query:1:15 error eql/unknown-function Unknown function [endwith], did you mean [endsWith]?",
        '1 | process where endwith(process.name, "x")',
        "  |               ^^^^^^^",
      ].join("\n"),
    );
  });

  it("refuses pathological nesting with a located error instead of overflowing the stack", () => {
    const r = parseEql(`x where ${"(".repeat(5000)}a${")".repeat(5000)}`);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.message).toContain("nested too deeply");
    const r2 = parseEql(`x where ${"not ".repeat(5000)}a`);
    expect(r2.ok).toBe(false);
    const r3 = parseEql(`x where ${"-".repeat(5000)}a`);
    expect(r3.ok).toBe(false);
  });
});
