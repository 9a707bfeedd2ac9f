import { describe, expect, it } from "vitest";
import { findDefinitionObjects, findNodeAtPath, findProperty, mapQueryRange, mapStringLiteral, parseModuleSource, rangeOfNode } from "../../src/detection/source-locate.ts";
import { rangeOf } from "../../src/diagnostics/index.ts";

const text = [
  'import { defineDetection } from "x";',
  "export const d = defineDetection({",
  '  query: "a == \\"C:\\\\x\\" and b",',
  "  raw: String.raw`c : \"\"\"C:\\Windows\\*\"\"\" and d`,",
  '  tests: [{ name: "t", fixture: "f.ndjson" }],',
  "});",
].join("\n");
const source = parseModuleSource("m.ts", text);
const object = findDefinitionObjects(source, "defineDetection")[0]!;

describe("source-locate", () => {
  it("finds the node at a zod path, or the deepest node on the way", () => {
    expect(rangeOfNode(source, findNodeAtPath(object, ["tests", 0, "fixture"])).start).toMatchObject({ line: 5, column: 33 });
    expect(rangeOfNode(source, findNodeAtPath(object, ["tests", 3, "fixture"])).start).toMatchObject({ line: 5, column: 10 });
  });

  it("maps each runtime character of an escaped literal to the file", () => {
    const value = 'a == "C:\\x" and b';
    const map = mapStringLiteral(source, findProperty(object, "query")!, value)!;
    expect(map).toBeDefined();
    const b = value.indexOf(" b") + 1; // after two escapes on the line, a plain shift would be off by 3
    const located = mapQueryRange(map, rangeOf(value, b, b + 1));
    expect(located.start).toMatchObject({ line: 3, column: text.split("\n")[2]!.indexOf(" b") + 2 });
  });

  it("maps String.raw templates one to one", () => {
    const value = 'c : """C:\\Windows\\*""" and d';
    const map = mapStringLiteral(source, findProperty(object, "raw")!, value)!;
    const d = value.lastIndexOf("d");
    expect(mapQueryRange(map, rangeOf(value, d, d + 1)).start).toMatchObject({ line: 4, column: text.split("\n")[3]!.lastIndexOf("d") + 1 });
  });

  it("gives up (undefined) when the decoded length disagrees", () => {
    expect(mapStringLiteral(source, findProperty(object, "query")!, "something else")).toBeUndefined();
  });
});
