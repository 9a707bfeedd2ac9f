// Tests src/cli/commands/pretty-json.ts: the piecewise writer must produce
// exactly JSON.stringify(value, null, 2), and in more than one piece.
import { describe, expect, it } from "vitest";
import { writePrettyJson } from "../../src/cli/commands/pretty-json.ts";

function written(value: unknown, depth?: number): { text: string; pieces: number } {
  const pieces: string[] = [];
  writePrettyJson(value, (t) => pieces.push(t), depth);
  return { text: pieces.join(""), pieces: pieces.length };
}

const samples: Record<string, unknown> = {
  "search result": {
    is_partial: false,
    took: 3,
    hits: {
      total: { value: 2, relation: "eq" },
      sequences: [
        { join_keys: ["h1", null, 5], events: [{ _index: "", _id: "1", _source: { a: { b: [1, "x\ny", { c: null }] }, "d.e": true } }] },
        { join_keys: [], events: [{ _index: "", _id: "", _source: {}, missing: true }] },
      ],
    },
  },
  "empty containers and dropped members": { a: [], b: {}, c: undefined, d: [undefined, () => 1, null], e: { f: undefined }, g: () => 2 },
  "strings that need escapes": { 'quote " and \\ and \u2028 and é': "tab\t😀 \u0000" },
  "scalars at the top": 42,
  "an array at the top": [1, [2, [3, [4, [5, []]]]], { deep: { deeper: { deepest: [{}] } } }],
  "toJSON is honoured": { when: new Date(Date.UTC(2024, 0, 1)), nested: [new Date(0)] },
};

describe("writePrettyJson", () => {
  for (const [name, value] of Object.entries(samples)) {
    it(`writes the bytes of JSON.stringify(_, null, 2) at every walk depth: ${name}`, () => {
      for (const depth of [0, 1, 2, 3, 4, 8]) expect(written(value, depth).text, `depth ${depth}`).toBe(JSON.stringify(value, null, 2));
    });
  }

  it("hands a large result on in several pieces instead of one string", () => {
    const big = { hits: { events: Array.from({ length: 5000 }, (_, i) => ({ _id: String(i), _source: { process: { name: `p${i}.exe`, args: ["a", "b"] } } })) } };
    const out = written(big);
    expect(out.text).toBe(JSON.stringify(big, null, 2));
    expect(out.pieces).toBeGreaterThan(3);
  });
});
