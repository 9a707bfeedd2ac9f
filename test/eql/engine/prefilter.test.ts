import { describe, expect, it } from "vitest";
import { deriveAnchors, parseEqlOrThrow } from "../../../src/eql/index.ts";
import { UNICODE_ESCAPE } from "../../../src/eql/engine/prefilter.ts";

/** The anchors of a query without the `\u` every disjunction carries (checked here). */
function anchors(q: string): readonly string[] | null {
  const a = deriveAnchors(parseEqlOrThrow(q));
  if (a === null) return null;
  expect(a.at(-1)).toBe(UNICODE_ESCAPE);
  return a.slice(0, -1);
}

describe("deriveAnchors", () => {
  it("uses the most selective conjunct, and the union of disjuncts", () => {
    expect(anchors('process where process.name == "powershell.exe"')).toEqual(["powershell.exe"]);
    expect(anchors('any where a == "abcd" or b in ("efgh", "ijkl")')).toEqual(["abcd", "efgh", "ijkl"]);
    expect(anchors("process where true")).toEqual(["process"]);
  });
  it("gives no anchor for case-insensitive tests, negation, `any`, or escapable characters", () => {
    expect(anchors('any where process.name : "cmd.exe"')).toBeNull();
    expect(anchors('any where process.name != "cmd.exe"')).toBeNull();
    expect(anchors('any where process.name == "C:\\\\x"')).toBeNull();
    expect(anchors('any where process.name == "a/b/c"')).toBeNull();
    expect(anchors('any where a == "abc" or b : "x"')).toBeNull();
  });
  it("covers every stage of a sequence, including until", () => {
    expect(anchors("sequence [process where true] [network where true] until [file where true]")).toEqual(["process", "network", "file"]);
    expect(anchors("sequence [process where true] [any where true]")).toBeNull();
  });
  it("uses the literal runs of case-sensitive like patterns", () => {
    expect(anchors('any where x like ("*evil.dll", "*mimikatz*")')).toEqual(["evil.dll", "mimikatz"]);
  });
});

describe("the unicode-escape anchor", () => {
  it("keeps a line spelling an anchor with \\u escapes: JSON.parse reads it as the anchor", () => {
    const line = '{"process":{"name":"\\u0070owershell.exe"}}';
    const a = deriveAnchors(parseEqlOrThrow('process where process.name == "powershell.exe"'))!;
    expect((JSON.parse(line) as { process: { name: string } }).process.name).toBe("powershell.exe");
    expect(line.includes("powershell.exe")).toBe(false);
    expect(a.some((x) => line.includes(x))).toBe(true);
  });
});

describe("deriveAnchorClauses", () => {
  it("lists one clause per anchored conjunct of an event query", async () => {
    const { deriveAnchorClauses } = await import("../../../src/eql/index.ts");
    const q = parseEqlOrThrow('process where process.name == "powershell.exe" and (a == "xyz" or b : "q") and c in ("c1x", "c2x")');
    expect(deriveAnchorClauses(q)).toEqual([
      ["process", "\\u"],
      ["powershell.exe", "\\u"],
      ["c1x", "c2x", "\\u"],
    ]);
    expect(deriveAnchorClauses(parseEqlOrThrow("sequence [a1x where true] [b1x where true]"))).toEqual([["a1x", "b1x", "\\u"]]);
  });
});
