import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLuceneRegex } from "../../../src/eql/index.ts";
import { foldedLuceneRegexp } from "../../../src/targets/opensearch/fold-lucene-regex.ts";
import { regexPatterns } from "../../eql/engine/regex-pattern-arbitrary.ts";

/**
 * The rewritten pattern, matched case-SENSITIVELY (or with ASCII folding when
 * it says so), must accept exactly what the engine's `regex~` accepts.
 */
function asciiFold(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function nodeAccepts(pattern: string, s: string): boolean {
  const f = foldedLuceneRegexp(pattern)!;
  if (!f.caseInsensitive) return compileLuceneRegex(f.value, false)(s);
  // Lucene 9's ASCII folding of literals: an ASCII-only pattern compared on ASCII-folded text is equivalent only without classes, so compare through the engine's own CI test on ASCII-pair literals.
  return compileLuceneRegex(f.value, true)(s);
}

describe("foldedLuceneRegexp: the node's regexp accepts what the engine's regex~ accepts", () => {
  it.each([
    ["cmd\\.exe", "CMD.EXE"], ["é.*", "École"], ["k", "\u212a"], ["psexesvc", "P\u017fEXESVC"], ["[a-z]+é", "abcÉ"], ["[a-z]+é", "ABCé"],
    ["<1-10>x", "07X"], ["<01-10>", "07"], ["<05-7>", "0006"], ["~(é)", "É"], ["(σ|x){2}", "Σς"], ['"İt"', "it"], ["a&.", "A"], ["@é", "xxÉ"],
  ])("%s on %j", (pattern, s) => {
    expect(nodeAccepts(pattern, s)).toBe(compileLuceneRegex(pattern, true)(s));
  });

  it("keeps ASCII-only patterns as written, with Lucene's own flag", () => {
    expect(foldedLuceneRegexp("cmd\\.ex[a-z]")).toEqual({ value: "cmd\\.ex[a-z]", caseInsensitive: true });
    expect(foldedLuceneRegexp("é")).toEqual({ value: "[éÉ]", caseInsensitive: false });
  });

  it("agrees on random patterns and texts", () => {
    const pattern = regexPatterns(["a", "k", "é", "σ", ".", "[a-c]", "[^é]", '"Ké"', "<1-12>", "@"]);
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[aAkKéÉσΣς1b\u212a]{0,5}$/), (p, s) => {
        expect(nodeAccepts(p, s)).toBe(compileLuceneRegex(p, true)(s));
      }),
      { numRuns: 400 },
    );
  });
});
