import { describe, expect, it } from "vitest";
import { tokenizeEql } from "../../src/eql/lexer.ts";

const kinds = (text: string) => tokenizeEql(text).map((t) => `${t.kind}:${t.kind === "string" || t.kind === "quoted-ident" ? JSON.stringify(t.value) : t.text}`);

describe("tokenizeEql", () => {
  it("glues ~ only when directly attached", () => {
    expect(kinds("in~ like~ regex~ startsWith~( in ~")).toEqual([
      "keyword:in~", "keyword:like~", "keyword:regex~", "ident:startsWith~", "punct:(", "keyword:in", "punct:~", "eof:",
    ]);
    expect(tokenizeEql("startsWith~")[0]).toMatchObject({ kind: "ident", value: "startsWith", tilde: true });
  });

  it("keywords are lowercase only", () => {
    expect(kinds("and AND And where WHERE")).toEqual(["keyword:and", "ident:AND", "ident:And", "keyword:where", "ident:WHERE", "eof:"]);
  });

  it("two-character operators, ![ and the lone = ", () => {
    expect(kinds("== != <= >= < > = ![ [")).toEqual([
      "punct:==", "punct:!=", "punct:<=", "punct:>=", "punct:<", "punct:>", "punct:=", "punct:![", "punct:[", "eof:",
    ]);
  });

  it("numbers: long, double forms, overflow to double", () => {
    const toks = tokenizeEql("1 1. .5 1.5 1e3 1E+3 2e-2 9223372036854775807 9223372036854775808");
    expect(toks.slice(0, -1).map((t) => [t.kind, t.value])).toEqual([
      ["long", 1], ["double", 1], ["double", 0.5], ["double", 1.5], ["double", 1000], ["double", 1000], ["double", 0.02],
      ["long", 9223372036854775807], ["double", 9223372036854775808],
    ]);
    expect(kinds("5ms 30s")).toEqual(["long:5", "ident:ms", "long:30", "ident:s", "eof:"]);
  });

  it("raw strings take up to two extra closing quotes", () => {
    expect(tokenizeEql('"""a"""')[0]!.value).toBe("a");
    expect(tokenizeEql('"""a""""')[0]!.value).toBe('a"');
    expect(tokenizeEql('"""a"""""')[0]!.value).toBe('a""');
    expect(kinds('"""a""""""')).toEqual(['string:"a\\"\\""', "invalid:\"", "eof:"]);
    expect(tokenizeEql('"""C:\\x\\y"""')[0]!.value).toBe("C:\\x\\y");
  });

  it("quoted identifiers collapse doubled backticks", () => {
    expect(tokenizeEql("`a``b`")[0]).toMatchObject({ kind: "quoted-ident", value: "a`b" });
  });

  it("comments nest and vanish", () => {
    expect(kinds("a /* x /* y */ z */ b // c\nd")).toEqual(["ident:a", "ident:b", "ident:d", "eof:"]);
  });

  it("lexing errors become invalid tokens with codes, lexing continues", () => {
    const toks = tokenizeEql("'x' # y");
    expect(toks.map((t) => [t.kind, t.code])).toEqual([
      ["invalid", "eql/string-quotes"], ["invalid", "eql/syntax"], ["ident", undefined], ["eof", undefined],
    ]);
  });
});
