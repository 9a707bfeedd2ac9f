import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { regexPatterns } from "./regex-pattern-arbitrary.ts";
import { compileLuceneRegex, matchBySets, parseLuceneRegex, translateToJsSource, LuceneRegexError } from "../../../src/eql/engine/lucene-regex.ts";

const rx = (p: string, s: string, ci = false) => compileLuceneRegex(p, ci)(s);

describe("compileLuceneRegex: standard operators", () => {
  it("is anchored at both ends", () => {
    expect(rx("abc", "abc")).toBe(true);
    expect(rx("b", "abc")).toBe(false);
    expect(rx(".*b.*", "abc")).toBe(true);
  });

  it("treats ^ and $ as literal characters", () => {
    expect(rx("^abc$", "abc")).toBe(false);
    expect(rx("^abc$", "^abc$")).toBe(true);
  });

  it("has no \\d, \\s, \\w classes: a backslash escapes the next character", () => {
    expect(rx("a\\sb", "a b")).toBe(false);
    expect(rx("a\\sb", "asb")).toBe(true);
    expect(rx("\\d+", "123")).toBe(false);
    expect(rx("\\d+", "ddd")).toBe(true);
    expect(rx("a\\.b", "a.b")).toBe(true);
    expect(rx("a\\.b", "axb")).toBe(false);
  });

  it("supports classes, ranges, negation, repeats and groups", () => {
    expect(rx("[a-c]+", "abcab")).toBe(true);
    expect(rx("[^a-c]+", "xyz")).toBe(true);
    expect(rx("[^a-c]+", "xaz")).toBe(false);
    expect(rx("a{2,3}", "aaa")).toBe(true);
    expect(rx("a{2,3}", "aaaa")).toBe(false);
    expect(rx("a{2}", "aa")).toBe(true);
    expect(rx("a{2,}", "aaaaa")).toBe(true);
    expect(rx("(ab)+|c", "ababab")).toBe(true);
    expect(rx("(ab)?c", "c")).toBe(true);
    expect(rx("()", "")).toBe(true);
  });

  it("reads .*? as (.*)? since there are no lazy quantifiers", () => {
    expect(rx("a.*?b", "axxb")).toBe(true);
  });

  it('supports "quoted" literal strings', () => {
    expect(rx('"a.b"c', "a.bc")).toBe(true);
    expect(rx('"a.b"c', "axbc")).toBe(false);
  });

  it("regex~ is case-insensitive", () => {
    expect(rx("cmd\\.exe", "CMD.EXE")).toBe(false);
    expect(rx("cmd\\.exe", "CMD.EXE", true)).toBe(true);
  });
});

describe("compileLuceneRegex: optional operators (on by default in ES)", () => {
  it("@ is any string and # the empty language", () => {
    expect(rx("a@", "abcdef")).toBe(true);
    expect(rx("a#", "a")).toBe(false);
    expect(rx("a#|b", "b")).toBe(true);
    // An unescaped @ is "any string", so it swallows the "@" too; escape it to mean the character.
    expect(rx("user@example\\.com", "user-at-example.com")).toBe(true);
    expect(rx("user@example\\.com", "user@@example.com")).toBe(true);
    expect(rx("user\\@example\\.com", "user@example.com")).toBe(true);
  });

  it("<n-m> is a decimal interval; equal written widths mean zero-padded fixed width", () => {
    expect(rx("port<1-1024>", "port80")).toBe(true);
    expect(rx("port<1-1024>", "port2048")).toBe(false);
    expect(rx("port<1-1024>", "port0080")).toBe(true); // different widths: leading zeros allowed
    expect(rx("<01-12>", "07")).toBe(true);
    expect(rx("<01-12>", "7")).toBe(false);
    expect(rx("<01-12>", "13")).toBe(false);
  });

  it("& is intersection and ~ complement", () => {
    expect(rx("a.*&.*z", "abcz")).toBe(true);
    expect(rx("a.*&.*z", "abc")).toBe(false);
    expect(rx("~(abc)", "abd")).toBe(true);
    expect(rx("~(abc)", "abc")).toBe(false);
    expect(rx("x~(a+)y", "xbby")).toBe(true);
    expect(rx("x~(a+)y", "xaay")).toBe(false);
    expect(rx("x~(a+)y", "xy")).toBe(true); // the empty string is not in a+
    expect(rx("(a|b)+&~(.*aa.*)", "abab")).toBe(true);
    expect(rx("(a|b)+&~(.*aa.*)", "abaab")).toBe(false);
  });

  it("rejects named automata and malformed patterns with an offset", () => {
    expect(() => parseLuceneRegex("a<name>")).toThrow(LuceneRegexError);
    expect(() => parseLuceneRegex("a(b")).toThrow(/expected '\)'/);
    expect(() => parseLuceneRegex("[a-")).toThrow(LuceneRegexError);
    expect(() => parseLuceneRegex("a{3,1}")).toThrow(LuceneRegexError);
    try {
      parseLuceneRegex("ab(c");
    } catch (err) {
      expect((err as LuceneRegexError).offset).toBe(4);
    }
  });

  it("falls back to the set matcher only when JS cannot express the pattern", () => {
    expect(translateToJsSource(parseLuceneRegex("a[b-d]*(e|f)"))).not.toBeNull();
    expect(translateToJsSource(parseLuceneRegex("a&b"))).toBeNull();
    expect(translateToJsSource(parseLuceneRegex("~a"))).toBeNull();
    expect(translateToJsSource(parseLuceneRegex("<1-5>"))).toBeNull();
  });
});

describe("regex~ folds literal characters as Lucene's RegExp does on a field, classes as written", () => {
  it("folds literal characters and strings, non-ASCII letters too (the fold of every ~ operator)", () => {
    expect(rx("cmd\\.EXE", "CMD.exe", true)).toBe(true);
    expect(rx('"PsExec"', "psexec", true)).toBe(true);
    expect(rx("é.*", "École", true)).toBe(true);
    expect(rx("k", "\u212a", true)).toBe(true);
    expect(rx("σ+", "Σς", true)).toBe(true);
    expect(rx("é.*", "Ecole", true)).toBe(false);
  });
  it("does not fold character classes and ranges", () => {
    expect(rx("[a-z]+", "ABC", true)).toBe(false);
    expect(rx("[a-z]+", "abc", true)).toBe(true);
    expect(rx("[^a]", "A", true)).toBe(true);
    expect(rx("[é]", "É", true)).toBe(false);
  });
  it("both back ends fold alike", () => {
    for (const [p, s] of [["(ab|c)+", "ABcC"], ["[ab]c", "aC"], ["[ab]c", "Ac"], ["~(ab)", "AB"], ["a&A", "a"], ["é|x", "É"], ["(σ)+", "ΣσςΣ"], ["k.", "\u212aX"]] as const) {
      const ast = parseLuceneRegex(p);
      const js = translateToJsSource(ast, true);
      if (js !== null) expect(new RegExp(`^(?:${js})$`, "su").test(s)).toBe(matchBySets(ast, s, true));
      expect(rx(p, s, true)).toBe(matchBySets(ast, s, true));
    }
  });
});

describe("the two back ends agree", () => {
  const pattern = regexPatterns(["a", "b", ".", "[ab]", "[^a]", "()", '"ab"', "@"]);

  it("JS translation and position sets give the same answers", () => {
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[abc]{0,6}$/), (p, s) => {
        const ast = parseLuceneRegex(p);
        const source = translateToJsSource(ast)!;
        expect(new RegExp(`^(?:${source})$`, "su").test(s)).toBe(matchBySets(ast, s));
      }),
      { numRuns: 300 },
    );
  });
});
