import { describe, expect, it } from "vitest";
import { MappingError, mappingFieldSchema, parseIndexMapping } from "../../src/eql/index.ts";

const properties = {
  "@timestamp": { type: "date" },
  "process.pid": { type: "long" },
  process: { properties: { name: { type: "keyword", ignore_above: 1024, fields: { text: { type: "match_only_text" } } } } },
  message: { type: "match_only_text", fields: { exact: { type: "keyword" } } },
  category: { type: "alias", path: "process.name" },
  status: { type: "keyword", null_value: "none" },
};

describe("parseIndexMapping", () => {
  it("reads every accepted shape to the same fields", () => {
    for (const shape of [{ properties }, { mappings: { properties } }, { template: { mappings: { properties } } }, { "logs-1": { mappings: { properties } } }]) {
      const m = parseIndexMapping(shape);
      expect([...m.fields.keys()].sort()).toEqual(["@timestamp", "category", "message", "message.exact", "process.name", "process.name.text", "process.pid", "status"]);
    }
  });

  it("keeps where each field's value sits and the facts that change matching", () => {
    const m = parseIndexMapping({ properties });
    expect(m.fields.get("process.name.text")).toMatchObject({ type: "match_only_text", sourcePath: ["process", "name"] });
    expect(m.fields.get("category")).toMatchObject({ type: "keyword", sourcePath: ["process", "name"], ignoreAbove: 1024 });
    expect(m.fields.get("message")).toMatchObject({ exactSubField: "message.exact" });
    expect(m.fields.get("status")).toMatchObject({ nullValue: "none" });
    expect(mappingFieldSchema(m).get("process.pid")).toBe("long");
  });

  it("refuses a value without properties and a dangling alias", () => {
    expect(() => parseIndexMapping([])).toThrow(MappingError);
    expect(() => parseIndexMapping({ settings: {} })).toThrow(/no "properties"/);
    expect(() => parseIndexMapping({ properties: { a: { type: "alias", path: "b" } } })).toThrow(/alias \[a\] points at \[b\]/);
  });
});
