import { describe, expect, it } from "vitest";
import { foldCase } from "../../../src/eql/engine/case-fold.ts";

describe("foldCase", () => {
  it("folds ASCII", () => expect(foldCase("CMD.Exe")).toBe("cmd.exe"));
  it("folds non-ASCII letters with simple mappings", () => {
    expect(foldCase("ÄÖÜ")).toBe(foldCase("äöü"));
    expect(foldCase("ΣΑΣ")).toBe(foldCase("σας".replace("ς", "σ")));
  });
  it("keeps one-to-many mappings out, as Java's per-character folding does", () => {
    // JS "ß".toUpperCase() is "SS"; Java's Character.toUpperCase('ß') is 'ß'.
    expect(foldCase("ß")).toBe("ß");
    expect(foldCase("ß")).not.toBe(foldCase("ss"));
    expect(foldCase("İ")).toBe("i");
  });
});
