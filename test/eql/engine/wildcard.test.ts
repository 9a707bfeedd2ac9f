import { describe, expect, it } from "vitest";
import { compileWildcard, hasWildcard } from "../../../src/eql/engine/wildcard.ts";

const like = (p: string, s: string, ci = false) => compileWildcard(p, ci)(s);

describe("compileWildcard", () => {
  it("matches the whole string; * is any run including empty, ? exactly one character", () => {
    expect(like("a*", "abc")).toBe(true);
    expect(like("a*", "xabc")).toBe(false);
    expect(like("*b*", "abc")).toBe(true);
    expect(like("a*c", "ac")).toBe(true);
    expect(like("a?c", "ac")).toBe(false);
    expect(like("a?c", "abc")).toBe(true);
    expect(like("a?c", "a😀c")).toBe(true); // one code point
    expect(like("*", "")).toBe(true);
    expect(like("a*b*c*d", "axxbyyczzd")).toBe(true);
    expect(like("a*b*c*d", "axxcyybzzd")).toBe(false);
    expect(like("ab*ba", "aba")).toBe(false); // parts may not overlap
  });

  it("has no escape: a backslash is a literal character", () => {
    expect(like("C:\\Windows\\*", "C:\\Windows\\System32\\cmd.exe")).toBe(true);
    expect(like("C:\\Windows\\*", "C:/Windows/x")).toBe(false);
    expect(like("a\\*", "a\\anything")).toBe(true);
  });

  it("is case-sensitive unless asked", () => {
    expect(like("CMD*", "cmd.exe")).toBe(false);
    expect(like("CMD*", "cmd.exe", true)).toBe(true);
    expect(like("cmd.exe", "CMD.EXE", true)).toBe(true);
  });

  it("treats regex metacharacters literally", () => {
    expect(like("a.c?", "abcd")).toBe(false);
    expect(like("(a)+?", "(a)+x")).toBe(true);
  });

  it("hasWildcard", () => {
    expect(hasWildcard("a*")).toBe(true);
    expect(hasWildcard("a?")).toBe(true);
    expect(hasWildcard("a")).toBe(false);
  });
});
