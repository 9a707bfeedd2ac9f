import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { javaRegexJsSource } from "../../../src/eql/engine/java-regex-js.ts";
import { compileRegexNfa, matchesNfa } from "../../../src/eql/engine/java-regex-nfa.ts";
import { regexPatterns } from "./regex-pattern-arbitrary.ts";

const nfaMatch = (p: string, s: string, ci = false): boolean => {
  const r = compileRegexNfa(p, ci);
  if (!r.ok) throw new Error(r.reason);
  return matchesNfa(r.nfa, s);
};

/** Java's `Pattern.compile(p).matcher(s).matches()`, through the engine's JS translation. */
const javaMatch = (p: string, s: string): boolean => new RegExp(`^(?:${javaRegexJsSource(p)})$`).test(s);

describe("compileRegexNfa: whole-string match as java.util.regex (no DOTALL, ASCII \\s)", () => {
  it.each([
    ["abc", "abc", true], ["abc", "abcd", false], ["a.c", "a\nc", false], ["a.c", "a\u0085c", false], ["a.c", "a\u2028c", false],
    ["a.c", "a\rc", false], ["a.c", "a\u2029c", false], ["a.c", "a\u000bc", true], ["a.c", "a\u00a0c", true], ["[^x]", "\n", true],
    ["a\\sc", "a\u00a0c", false], ["a\\sc", "a\u000bc", true], ["a\\Sc", "a\u00a0c", true], ["a[\\s]c", "a\u2028c", false],
    ["a[^\\S]c", "a\tc", true], ["a[\\S]c", "a\u3000c", true], ["(.|\\n)+", "x\ny", true], ["^a$", "a", true], ["a|b", "b", true],
    ["(ab)+", "abab", true], ["(ab)+?", "abab", true], ["a{2,3}", "aaaa", false], ["a{2,}", "aaaaa", true], ["a{0}", "", true],
    ["[^a-c]\\d\\s\\w", "x1 _", true], ["\\D\\S\\W", "a-!", true], ["[\\d-z]", "-", true], ["a?b*", "", true],
    ["x^a", "xa", false], ["(a|)+", "aa", true], ["\\x41\\u0042", "AB", true], ["[]a]", "a", false], ["\\.", ".", true],
  ] as const)("%s on %j -> %s", (p, s, expected) => {
    expect(nfaMatch(p, s)).toBe(expected);
    expect(javaMatch(p, s)).toBe(expected);
  });

  it("agrees with the engine's JS translation on random patterns and inputs", () => {
    const pattern = regexPatterns(["a", "b", "A", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\s", "\\S", "[\\s]", "[^\\s.]", "\\w", "\\W", "()", "é", "\\n"], { quantifiers: ["*", "+", "?", "{1,2}", "*?", "{2}"], group: "non-capturing" });
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[abcAé1 \n\r\u0085\u00a0\u2028_-]{0,6}$/), (p, s) => {
        expect(nfaMatch(p, s)).toBe(javaMatch(p, s));
      }),
      { numRuns: 400 },
    );
  });
});

describe("compileRegexNfa with case folding: Java's CASE_INSENSITIVE (ASCII letters only, classes too)", () => {
  it.each([
    ["cmd\\.exe", "CMD.EXE", true], ["[a-z]+", "ABC", true], ["[^a]", "A", false], ["é", "É", false], ["k", "\u212a", false],
    ["σ", "Σ", false], ["[x-{]", "X", true], ["\\w+", "ÀB", false], ["i", "İ", false],
  ] as const)("%s on %j -> %s", (p, s, expected) => {
    expect(nfaMatch(p, s, true)).toBe(expected);
  });
});

describe("compileRegexNfa: constructs with no automaton are named with their offset", () => {
  it.each([["a(?=b)b", 1], ["(a)\\1", 3], ["\\bword", 0], ["x(?<!y)", 1]] as const)("%s", (p, offset) => {
    const r = compileRegexNfa(p, false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.offset).toBe(offset);
  });
});
