import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalizeMonitor } from "../../../src/targets/opensearch/canonical.ts";
import type { JsonObject } from "../../../src/targets/opensearch/json.ts";

// Recorded on OpenSearch 2.19.4 + Alerting 2.19.4.0: a monitor as dac sent it
// and as GET (User-Agent OpenSearch-Dashboards) returned it.
function readRoundTrip(name: string): { sent: JsonObject; live: { monitor: JsonObject } } {
  return JSON.parse(readFileSync(new URL(`./fixtures/roundtrip-${name}.json`, import.meta.url), "utf8"));
}

describe("canonicalizeMonitor", () => {
  it.each(["bucket-level", "query-level"])("maps the %s monitor OpenSearch stored back to the one dac sent", (name) => {
    const { sent, live } = readRoundTrip(name);
    expect(live.monitor).not.toEqual(sent); // the node did re-serialise it
    expect(canonicalizeMonitor(live.monitor)).toEqual(canonicalizeMonitor(sent));
  });

  it("is idempotent and keeps dac's own form as is", () => {
    const { sent } = readRoundTrip("query-level");
    expect(canonicalizeMonitor(sent)).toEqual(sent);
    expect(canonicalizeMonitor(canonicalizeMonitor(sent))).toEqual(canonicalizeMonitor(sent));
  });

  it("still sees a real change (a different query value)", () => {
    const { sent, live } = readRoundTrip("bucket-level");
    const edited = JSON.parse(JSON.stringify(live.monitor).replace('"psexesvc.exe"', '"other.exe"'));
    expect(canonicalizeMonitor(edited)).not.toEqual(canonicalizeMonitor(sent));
  });

  it("turns range bounds back into gte/gt/lte/lt", () => {
    const monitor = { type: "monitor", inputs: [{ search: { query: { query: { range: { x: { from: 1, to: 5, include_lower: false, include_upper: true, boost: 1.0 } } } } } }] };
    expect(canonicalizeMonitor(monitor)).toEqual({ type: "monitor", inputs: [{ search: { query: { query: { range: { x: { gt: 1, lte: 5 } } } } } }] });
  });
});
