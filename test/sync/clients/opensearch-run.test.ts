import { describe, expect, it } from "vitest";
import { readMonitorRun } from "../../../src/sync/clients/opensearch-run.ts";

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

  it("query-level sequences: the matcher's dac_sequences grouped by entity", () => {
    const seq = (entity: string, ids: string[]) => ({ entity, join_keys: [entity], events: ids.map((id) => ({ _index: "i", _id: id })) });
    const run = readMonitorRun({
      period_start: 1,
      period_end: 2,
      input_results: { results: [{ dac_sequences: [seq("h1", ["1", "2"]), seq("h2", ["3", "4"]), seq("h1", ["5", "6"])] }] },
      trigger_results: { t: { triggered: true, error: null } },
    });
    expect(run.triggered).toBe(true);
    expect(run.alerts.map((a) => [a.entity, a.count, a.sequences?.map((s) => s.events.map((e) => e.id).join(","))])).toEqual([
      ["h1", 2, ["1,2", "5,6"]],
      ["h2", 1, ["3,4"]],
    ]);
  });

  it("surfaces trigger errors (e.g. the matcher refusing an overfull window)", () => {
    const run = readMonitorRun({ period_start: 1, period_end: 2, input_results: { results: [{}] }, trigger_results: { t: { triggered: false, error: "dac: 12000 candidate events" } } });
    expect(run.error).toContain("12000 candidate events");
    expect(run.alerts).toEqual([]);
  });
});
