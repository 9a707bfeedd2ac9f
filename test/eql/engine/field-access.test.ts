import { describe, expect, it } from "vitest";
import { compileFieldReader } from "../../../src/eql/engine/field-access.ts";

const read = (path: string, event: object) => compileFieldReader(path.split(".")).values(event as Record<string, unknown>);

describe("compileFieldReader", () => {
  it("reads nested objects and literal dotted keys alike", () => {
    expect(read("process.pid", { process: { pid: 1 } })).toEqual([1]);
    expect(read("process.pid", { "process.pid": 1 })).toEqual([1]);
  });

  it("reads any mix of dotted keys and nesting", () => {
    expect(read("a.b.c", { "a.b": { c: 1 } })).toEqual([1]);
    expect(read("a.b.c", { a: { "b.c": 2 } })).toEqual([2]);
    expect(read("a.b.c", { a: { b: { c: 3 } }, "a.b.c": 4 })).toEqual([3, 4]);
  });

  it("flattens arrays of values and arrays of objects into one multi-valued leaf", () => {
    expect(read("process.args", { process: { args: ["a", ["b"], "c"] } })).toEqual(["a", "b", "c"]);
    expect(read("dns.answers.name", { dns: { answers: [{ name: "x" }, { name: "y" }, {}] } })).toEqual(["x", "y"]);
  });

  it("treats a missing field, null and an array of nulls as no values", () => {
    expect(read("a.b", {})).toEqual([]);
    expect(read("a.b", { a: { b: null } })).toEqual([]);
    expect(read("a.b", { a: { b: [null, null] } })).toEqual([]);
    expect(read("a", { a: { b: 1 } })).toEqual([]); // an object is not a leaf value
  });

  it("first() gives the first value in document order, or null", () => {
    const r = compileFieldReader(["x"]);
    expect(r.first({ x: ["p", "q"] })).toBe("p");
    expect(r.first({})).toBeNull();
    expect(r.some({ x: [1, 2] }, (v) => v === 2)).toBe(true);
  });
});
