import { describe, expect, it } from "vitest";
import { writePrettyJson } from "../../src/cli/commands/pretty-json.ts";
import { ResultSpool } from "../../src/cli/commands/result-spool.ts";

describe("ResultSpool", () => {
  it("stand-ins serialise to the very bytes of the events they replace, across flushes", () => {
    const spool = new ResultSpool();
    try {
      // ~2.5 MiB of events: several flushes of the 1 MiB write buffer, and reads both before and after one.
      const events = Array.from({ length: 6000 }, (_, i) => ({ "@timestamp": i, n: [i, i / 3, -0.5e-7], text: `é☃\u2028"\\ ${"x".repeat(i % 700)}`, nested: { ok: i % 2 === 0, none: null } }));
      const standIns = events.map((e) => spool.keep(e));
      expect(standIns.every((s, i) => s !== events[i])).toBe(true);
      const result = { hits: { total: { value: events.length }, events: standIns.map((s, i) => ({ _id: String(i), _source: s })) } };
      const expected = { hits: { total: { value: events.length }, events: events.map((e, i) => ({ _id: String(i), _source: e })) } };
      expect(JSON.stringify(result)).toBe(JSON.stringify(expected));
      let pretty = "";
      writePrettyJson(result, (t) => (pretty += t));
      expect(pretty).toBe(JSON.stringify(expected, null, 2));
      // Kept after a read: still exact.
      const late = spool.keep({ late: true });
      expect(JSON.stringify(late)).toBe('{"late":true}');
    } finally {
      spool.close();
    }
  });
});
