import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { positionAt } from "../../src/diagnostics/index.ts";
import { parseEql } from "../../src/eql/parser.ts";

/** The parser's contract on any input: an AST, or at least one error located inside the text. */
function assertTerminatesWithAstOrLocatedError(text: string): void {
  const r = parseEql(text);
  if (r.ok) {
    expect(r.value.range.end.offset).toBeLessThanOrEqual(text.length);
    return;
  }
  expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.severity).toBe("error");
    expect(d.code).toMatch(/^eql\//);
    const range = d.range!;
    expect(range.start.offset).toBeGreaterThanOrEqual(0);
    expect(range.start.offset).toBeLessThanOrEqual(range.end.offset);
    expect(range.end.offset).toBeLessThanOrEqual(text.length);
    expect(range.start).toEqual(positionAt(text, range.start.offset));
    expect(range.end).toEqual(positionAt(text, range.end.offset));
  }
}

const SEEDS = [
  'process where process.name : ("psexec.exe", "psexesvc.exe") and not process.args : "-accepteula"',
  'sequence by host.id with maxspan=1m [process where event.type == "start"] by process.entity_id [network where destination.port == 445] by process.entity_id until [process where event.type == "end"]',
  'sequence with maxspan=5s ![file where true] [process where startsWith~(process.name, "ps")] with runs=2 | head 5',
  'sample by host.id [process where true] [file where `a``b`.c == 1.5e3]',
  'any where ?x != null and length(concat(a, "\\u{41}", 5)) > 3 /* c /* n */ */ // tail',
  'network where cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16") and destination.port in (445, 139) | tail 2',
  'file where file.path like~ """C:\\Windows\\*""" and not file.name regex ".*\\\\.exe"',
];

const FRAGMENTS = [
  "(", ")", "[", "]", "![", ",", ".", "|", ":", "==", "=", "!=", "<", "<=", "~", "?", "`", '"', '"""', "'", "\\", "/*", "*/", "//",
  "\n", " ", "and", "or", "not", "in", "in~", "like~", "regex", "where", "sequence", "sample", "by", "with", "maxspan=", "runs=",
  "until", "join", "head", "1", "1.5", "1e", ".", "x", "@timestamp", "startsWith~(", "between(", "null", "true", "-", "+", "*", "%", "\u{1F600}",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + m.len);
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "truncate":
      return text.slice(0, at);
  }
}

describe("parseEql terminates with an AST or a located error", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 })), assertTerminatesWithAstOrLocatedError),
      { numRuns: 1000 },
    );
  });

  it("on strings assembled from EQL fragments", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => assertTerminatesWithAstOrLocatedError(parts.join(" "))),
      { numRuns: 1000 },
    );
  });

  it("on mutated valid queries", () => {
    for (const seed of SEEDS) expect(parseEql(seed).ok, seed).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, ms) =>
        assertTerminatesWithAstOrLocatedError(ms.reduce(mutate, seed)),
      ),
      { numRuns: 2000 },
    );
  });
});
