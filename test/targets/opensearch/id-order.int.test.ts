import { describe, expect, it } from "vitest";
import { compareDocumentIds } from "../../../src/eql/engine/document-id-order.ts";
import { JOIN_REDUCE_FUNCTIONS } from "../../../src/targets/opensearch/join-script.ts";
import { SAMPLE_IDS } from "../../eql/engine/sample-document-ids.ts";
import { connectTestNode } from "./cluster-harness.ts";

// The join monitors' Painless `compareIds` (sequences and samples) and the engine's
// compareDocumentIds must order every pair of ids alike, or a tie would go
// one way on the node and the other in `dac test --offline`.
describe("Painless compareIds == compareDocumentIds", () => {
  it("gives the same sign for every pair of sample ids", async () => {
    const start = JOIN_REDUCE_FUNCTIONS.indexOf("int compareIds(");
    const end = JOIN_REDUCE_FUNCTIONS.indexOf("int compareEvents(");
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const source = `${JOIN_REDUCE_FUNCTIONS.slice(start, end)}
StringBuilder out = new StringBuilder();
for (def a : params.ids) { for (def b : params.ids) { int c = compareIds(a, b); out.append(c < 0 ? '-' : c > 0 ? '+' : '0'); } out.append('|'); }
return out.toString();`;
    const http = connectTestNode();
    const response = await http.request<{ result: string }>({
      method: "POST",
      path: "/_scripts/painless/_execute",
      body: { script: { source, params: { ids: SAMPLE_IDS } } },
      action: "test-painless",
    });
    const expected = SAMPLE_IDS.map((a) => SAMPLE_IDS.map((b) => { const c = compareDocumentIds(a, b); return c < 0 ? "-" : c > 0 ? "+" : "0"; }).join("") + "|").join("");
    expect(response.body.result).toBe(expected);
  });
});
