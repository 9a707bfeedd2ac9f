import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeLiveMonitor, readHandle } from "../../../src/sync/clients/opensearch-normalize.ts";
import { canonicalizeMonitor } from "../../../src/targets/opensearch/index.ts";

const recorded = JSON.parse(readFileSync(new URL("../../targets/opensearch/fixtures/roundtrip-query-level.json", import.meta.url), "utf8"));

describe("normalizeLiveMonitor", () => {
  it("GET form: managed, id from the marker, handle with seq_no/primary_term, canonical body", () => {
    const live = normalizeLiveMonitor(recorded.live);
    expect(live).toMatchObject({ id: "seq", name: "exp seq", handle: { monitorId: recorded.live._id, seqNo: recorded.live._seq_no, primaryTerm: recorded.live._primary_term } });
    expect(live?.body).toEqual(canonicalizeMonitor(recorded.sent));
    expect(readHandle(live!).monitorId).toBe(recorded.live._id);
  });

  it("_search form (monitor in _source) works the same", () => {
    const hit = { _id: "x", _seq_no: 4, _primary_term: 1, _source: recorded.live.monitor };
    expect(normalizeLiveMonitor(hit)?.handle).toEqual({ monitorId: "x", seqNo: 4, primaryTerm: 1 });
  });

  it("no marker (or ui_metadata stripped) -> unmanaged", () => {
    const { ui_metadata: _ui, ...plain } = recorded.live.monitor;
    expect(normalizeLiveMonitor({ _id: "x", _source: plain })).toBeUndefined();
    expect(normalizeLiveMonitor({ _id: "x", _source: { ...plain, ui_metadata: { dac: { managed: false, id: "x" } } } })).toBeUndefined();
    expect(normalizeLiveMonitor({ _id: "x", _source: { type: "workflow" } })).toBeUndefined();
  });
});
