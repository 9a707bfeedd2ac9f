import { describe, expect, it } from "vitest";
import { parseSigmaFile } from "../../../src/importers/sigma/index.ts";

describe("parseSigmaFile", () => {
  it("broken YAML is an error at the parser's line and column", () => {
    const r = parseSigmaFile("title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image: [a, b\n  condition: sel\n", "broken.yml");
    expect(r.documents).toEqual([]);
    expect(r.diagnostics[0]?.code).toBe("sigma/yaml");
    expect(r.diagnostics[0]?.range?.file).toBe("broken.yml");
    expect(r.diagnostics[0]?.range?.start.line).toBeGreaterThanOrEqual(6);
  });
  it("a duplicate key is located", () => {
    const r = parseSigmaFile("title: x\ntitle: y\n", "dup.yml");
    expect(r.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([["sigma/yaml", 2]]);
  });
  it("a rule without detection is located at the rule", () => {
    const r = parseSigmaFile("title: x\nlogsource:\n  product: windows\n", "nodet.yml");
    expect(r.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([["sigma/invalid-rule", 1, 1]]);
  });
  it("a detection value that is a mapping is located at the value", () => {
    const r = parseSigmaFile("title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image:\n      a: b\n  condition: sel\n", "bad.yml");
    expect(r.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([["sigma/invalid-detection", 7, 7]]);
  });
  it("reads items with field, modifiers, typed values and their ranges", () => {
    const r = parseSigmaFile("title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    EventID: 4688\n    Image|endswith|cased:\n      - a\n      - null\n  condition: sel\n", "ok.yml");
    const doc = r.documents[0];
    expect(doc?.kind).toBe("rule");
    if (doc?.kind !== "rule") return;
    const items = doc.detections.get("sel")!.items;
    expect(items).toMatchObject([
      { kind: "item", field: "EventID", modifiers: [], values: [4688] },
      { kind: "item", field: "Image", modifiers: ["endswith", "cased"], values: ["a", null] },
    ]);
    expect(items[1]!.range.start.line).toBe(7);
  });
  it("reads correlations and filters from one multi-document file", () => {
    const text = [
      "title: c\nname: corr\ncorrelation:\n  type: temporal_ordered\n  rules: [a, b]\n  group-by: [User]\n  timespan: 5m",
      "title: f\nlogsource:\n  product: windows\n  category: process_creation\nfilter:\n  rules: [a]\n  sel:\n    User: admin\n  condition: not sel",
    ].join("\n---\n");
    const r = parseSigmaFile(text, "multi.yml");
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => d.kind)).toEqual(["correlation", "filter"]);
  });
  it("an unknown correlation type is located at the type", () => {
    const r = parseSigmaFile("title: c\ncorrelation:\n  type: sometimes\n  rules: [a]\n  timespan: 5m\n", "c.yml");
    expect(r.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([["sigma/invalid-correlation", 3]]);
  });
});

describe("scalar values", () => {
  it("a number written with leading zeros keeps its text, as Sigma's reference parser does", () => {
    const r = parseSigmaFile("title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Details|contains: [00000429, 42, 0x10]\n  condition: sel\n", "z.yml");
    const doc = r.documents[0];
    if (doc?.kind !== "rule") throw new Error("rule expected");
    expect(doc.detections.get("sel")!.items[0]).toMatchObject({ values: ["00000429", 42, 16] });
  });
});
