import { describe, expect, it } from "vitest";
import { between, concat, endsWith, indexOf, length, startsWith, stringContains, substring, toNumber, toStringValue } from "../../../src/eql/engine/string-functions.ts";
import { holds } from "./helpers.ts";

describe("string functions (C.8)", () => {
  it("between: first left, next right (greedy: last right); empty left means start; not found gives \"\"", () => {
    expect(between("a[b]c[d]e", "[", "]", false, false)).toBe("b");
    expect(between("a[b]c[d]e", "[", "]", true, false)).toBe("b]c[d");
    expect(between("abc", "", "", true, false)).toBe("abc");
    expect(between("abc", "", "", false, false)).toBe("");
    expect(between("abc", "x", "c", false, false)).toBe("");
    expect(between("abc", "a", "x", false, false)).toBe("");
    expect(between("A[B]", "a[", "]", false, true)).toBe("B");
    expect(between(null, "a", "b", false, false)).toBeNull();
  });
  it("startsWith/endsWith: \"\" with \"\" is true; ~ folds case", () => {
    expect(startsWith("", "", false)).toBe(true);
    expect(endsWith("", "", false)).toBe(true);
    expect(startsWith("CMD", "cm", false)).toBe(false);
    expect(startsWith("CMD", "cm", true)).toBe(true);
    expect(endsWith("a.EXE", ".exe", true)).toBe(true);
  });
  it("stringContains: empty sub is false (Elastic docs; to verify on a cluster)", () => {
    expect(stringContains("abc", "", false)).toBe(false);
    expect(stringContains("abc", "B", true)).toBe(true);
    expect(stringContains("abc", "B", false)).toBe(false);
  });
  it("indexOf: 0-based from start, negative start is 0, not found or start past the end is null", () => {
    expect(indexOf("abcabc", "b", 0, false)).toBe(1);
    expect(indexOf("abcabc", "b", 2, false)).toBe(4);
    expect(indexOf("abcabc", "b", -5, false)).toBe(1);
    expect(indexOf("abc", "x", 0, false)).toBeNull();
    expect(indexOf("abc", "", 2, false)).toBe(2);
    expect(indexOf("abc", "", 4, false)).toBeNull();
    expect(indexOf("abc", "b", null, false)).toBeNull();
    expect(indexOf("ABC", "b", 0, true)).toBe(1);
  });
  it("length counts UTF-16 units", () => {
    expect(length("abc")).toBe(3);
    expect(length("😀")).toBe(2);
    expect(length(null)).toBeNull();
  });
  it("substring slices like Python", () => {
    expect(substring("hello", 1, 3)).toBe("el");
    expect(substring("hello", -3, undefined)).toBe("llo");
    expect(substring("hello", -3, -1)).toBe("ll");
    expect(substring("hello", 3, 1)).toBe("");
    expect(substring("hello", null, 2)).toBe("he");
    expect(substring("hello", 1, null)).toBe("ello");
    expect(substring("hello", -100, 100)).toBe("hello");
  });
  it("concat writes values as string() does; any null gives null", () => {
    expect(concat([5, ":", "x", 3])).toBe("5:x3");
    expect(concat(["a", null])).toBeNull();
    expect(toStringValue(42.5)).toBe("42.5");
    expect(toStringValue(true)).toBe("true");
  });
  it("number parses ints and floats, 0x means base 16, bases, whitespace and signs; invalid is null", () => {
    expect(toNumber("052403", 8)).toBe(21763);
    expect(toNumber("0x32", 16)).toBe(50);
    expect(toNumber("0x32", undefined)).toBe(50);
    expect(toNumber(" -12 ", undefined)).toBe(-12);
    expect(toNumber("+1.5e2", undefined)).toBe(150);
    expect(toNumber("12z", undefined)).toBeNull();
    expect(toNumber(12 as never, undefined)).toBeNull();
  });
});

describe("functions in queries", () => {
  it("evaluate with the first value of a multi-valued field (documented rule)", () => {
    expect(holds('length(process.args) == 3', { process: { args: ["abc", "de"] } })).toBe(true);
    expect(holds('concat(a, "-", b) == "x-1"', { a: "x", b: 1 })).toBe(true);
    expect(holds("add(a, 2) == 5 and subtract(a, 1) == 2 and multiply(a, 2) == 6", { a: 3 })).toBe(true);
    expect(holds("divide(a, 2) == 3 and modulo(10, -6) == 4 and modulo(-10, -6) == -4", { a: 7 })).toBe(true);
    expect(holds("divide(a, 2.0) == 3.5", { a: 7 })).toBe(true);
    expect(holds("divide(a, 0) == 0", { a: 7 })).toBe(false); // null
    expect(holds('substring(cmd, 0, 3) == "pow"', { cmd: "powershell" })).toBe(true);
    expect(holds('number(x) == 21763 or number(x, 8) == 21763', { x: "052403" })).toBe(true);
    expect(holds('string(x) == "42"', { x: 42 })).toBe(true);
    expect(holds('indexOf(x, "b") == 1', { x: "abc" })).toBe(true);
    expect(holds('between(x, "[", "]") == "v"', { x: "k[v]" })).toBe(true);
  });
  it("regex on a computed value uses Java syntax (\\s is whitespace there)", () => {
    expect(holds('substring(x, 0) regex "a\\\\sb"', { x: "a b" })).toBe(true);
    expect(holds('x regex "a\\\\sb"', { x: "a b" })).toBe(false); // Lucene on a field
  });
  // ES: Pattern.compile(p) without DOTALL on computed values (QL's RegexProcessor), a Lucene RegexpQuery on a field.
  it.each(["\n", "\r", "\u0085", "\u2028", "\u2029"])("`.` does not match the line terminator %j on a computed value, but does on a field", (nl) => {
    const e = { x: `a${nl}b` };
    expect(holds('concat(x) regex "a.b"', e)).toBe(false);
    expect(holds('concat(x) regex~ "A.B"', e)).toBe(false);
    expect(holds('x regex "a.b"', e)).toBe(true);
    expect(holds('x regex~ "A.B"', e)).toBe(true);
    expect(holds('concat(x) regex "a[^x]b"', e)).toBe(true);
  });
  it("\\s on a computed value is Java's ASCII class (no NBSP)", () => {
    expect(holds('concat(x) regex "a\\\\sb"', { x: "a\u00a0b" })).toBe(false);
    expect(holds('concat(x) regex "a\\\\sb"', { x: "a\u000bb" })).toBe(true);
  });
});
