import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hashBody, stringifyCanonical } from "../../src/sync/hash.ts";
import type { Json } from "../../src/sync/target.ts";

function shuffleKeys(value: Json, seed: number): Json {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  const rotated = keys.slice(seed % Math.max(1, keys.length)).concat(keys.slice(0, seed % Math.max(1, keys.length))).reverse();
  return Object.fromEntries(rotated.map((k) => [k, shuffleKeys(value[k] as Json, seed + 1)]));
}

describe("hashBody", () => {
  it("is stable across key order at every depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(20), (v, seed) => {
        const value = v as Json;
        expect(hashBody(shuffleKeys(value, seed))).toBe(hashBody(value));
      }),
    );
  });

  it("keeps array order significant", () => {
    expect(hashBody({ a: [1, 2] })).not.toBe(hashBody({ a: [2, 1] }));
  });

  it("pins the scheme: sha256 over key-sorted compact JSON", () => {
    expect(stringifyCanonical({ b: 1, a: [{ d: null, c: "x" }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(hashBody({})).toBe("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });
});
