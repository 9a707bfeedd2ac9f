import { describe, expect, it } from "vitest";
import { compileLuceneRegex } from "../../../src/eql/index.ts";
import { translateRegex } from "../../../src/importers/sigma/regex-to-lucene.ts";

/** Sigma `re` is an unanchored search; the Lucene form must accept exactly the same values. */
function agrees(pattern: string, samples: readonly string[]): void {
  const lucene = translateRegex(pattern, []);
  if (!lucene.ok) throw new Error(`refused ${pattern}: ${lucene.reason}`);
  const test = compileLuceneRegex(lucene.regex, false);
  const js = new RegExp(pattern, "s");
  for (const s of samples) expect([pattern, s, test(s)]).toEqual([pattern, s, js.test(s)]);
}

describe("translateRegex: empty alternatives", () => {
  // Lucene parses `(a|)` as a group holding `a|)` and fails with "expected ')'";
  // SigmaHQ's Invoke-Obfuscation rules write `(?:\s|)`.
  it.each([
    ["x(?:\\s|)y", ["xy", "x y", "x\ty", "x  y", "xzy"]],
    ["x(|a)y", ["xy", "xay", "xaay"]],
    ["x(a||b)y", ["xy", "xay", "xby", "xcy"]],
    ["a|", ["", "b", "a"]],
    ["|a", ["", "b"]],
    ["(?:a|)+b", ["b", "ab", "aab", "c"]],
  ] as const)("%s", (pattern, samples) => agrees(pattern, samples));

  it("keeps refusing an unbalanced close paren", () => {
    expect(translateRegex("a)(b", [])).toEqual({ ok: false, reason: "unbalanced parentheses in the regex" });
  });
});
