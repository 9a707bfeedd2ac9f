import { describe, expect, it } from "vitest";
import { readMonitorRun } from "../../../src/sync/clients/opensearch-run.ts";
import type { Json } from "../../../src/targets/opensearch/index.ts";

// Shapes recorded from `_execute` on OpenSearch 2.19.4 (trimmed).
describe("readMonitorRun", () => {
  it("bucket-level: one alert per kept bucket, '' is no entity", () => {
    const run = readMonitorRun({
      monitor_name: "m",
      period_start: 1,
      period_end: 2,
      error: null,
      input_results: { results: [{}], error: null },
      trigger_results: {
        t1: {
          name: "dac:x",
          error: null,
          agg_result_buckets: {
            h2: { agg_alert_content: { parent_bucket_path: "dac_entities", bucket_keys: ["h2"], bucket: { doc_count: 3, key: { entity: "h2" } } } },
            "": { agg_alert_content: { parent_bucket_path: "dac_entities", bucket_keys: [""], bucket: { doc_count: 1, key: { entity: "" } } } },
          },
        },
      },
    });
    expect(run).toEqual({ triggered: true, error: null, periodStart: 1, periodEnd: 2, alerts: [{ entity: null, count: 1 }, { entity: "h2", count: 3 }] });
  });

  it("sequences: one alert per kept join-key bucket, its own detail group, grouped by each sequence's entity", () => {
    const seq = (entity: string, ids: string[]) => ({ entity, join_keys: [entity], events: ids.map((id) => ({ _index: "i", _id: id })) });
    const kept = (key: string, groups: Json[]): Json => ({
      agg_alert_content: { parent_bucket_path: "dac_join_keys", bucket_keys: [key], bucket: { key: { k0: key }, doc_count: 4, dac_sequence_count: { value: 1 }, dac_sequences: { value: groups } } },
    });
    const run = readMonitorRun({
      period_start: 1,
      period_end: 2,
      input_results: { results: [{}] },
      trigger_results: {
        t: {
          triggered: true,
          error: null,
          agg_result_buckets: {
            h1: kept("h1", [{ key: ["h1"], sequences: [seq("h1", ["1", "2"]), seq("h1", ["5", "6"])] }, { key: ["h3"], sequences: [seq("h3", ["7", "8"])] }]),
            h2: kept("h2", [{ key: ["h2"], sequences: [seq("h2", ["3", "4"])] }]),
            // No join keys: one bucket with a constant key; its group has an empty key.
            "": kept("", [{ key: [], sequences: [seq("h2", ["9", "10"])] }]),
          },
        },
      },
    });
    expect(run.triggered).toBe(true);
    expect(run.error).toBeNull();
    expect(run.alerts.map((a) => [a.entity, a.count, a.sequences?.map((s) => s.events.map((e) => e.id).join(","))])).toEqual([
      ["h1", 2, ["1,2", "5,6"]],
      ["h2", 2, ["3,4", "9,10"]],
    ]);
  });

  it("a refusing join-key bucket is an error naming the key, not an alert", () => {
    const run = readMonitorRun({
      period_start: 1,
      period_end: 2,
      input_results: { results: [{}] },
      trigger_results: {
        t: {
          error: null,
          agg_result_buckets: {
            H: { agg_alert_content: { parent_bucket_path: "dac_join_keys", bucket_keys: ["H"], bucket: { dac_sequences: { value: [{ key: [], error: "dac: 1700 candidate events" }] } } } },
            G: { agg_alert_content: { parent_bucket_path: "dac_join_keys", bucket_keys: ["G"], bucket: { dac_sequences: { value: [{ key: ["X"], sequences: [] }] } } } },
          },
        },
      },
    });
    expect(run.alerts).toEqual([]);
    expect(run.error).toBe('join key ["H"]: dac: 1700 candidate events; join key ["G"]: kept by the trigger but lists no sequence for its key');
  });

  it("surfaces trigger errors (e.g. the matcher refusing an overfull window)", () => {
    const run = readMonitorRun({ period_start: 1, period_end: 2, input_results: { results: [{}] }, trigger_results: { t: { triggered: false, error: "dac: 12000 candidate events" } } });
    expect(run.error).toContain("12000 candidate events");
    expect(run.alerts).toEqual([]);
  });
});
