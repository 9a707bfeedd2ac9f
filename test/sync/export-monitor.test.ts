import { describe, expect, it } from "vitest";
import { translateUnmanagedMonitor } from "../../src/sync/export-monitor.ts";
import type { JsonObject } from "../../src/sync/target.ts";

function monitor(overrides: JsonObject = {}): JsonObject {
  return {
    type: "monitor",
    monitor_type: "query_level_monitor",
    name: "Hand Made: PsExec!",
    enabled: true,
    schedule: { period: { interval: 1, unit: "HOURS" } },
    inputs: [
      {
        search: {
          indices: ["logs-*"],
          query: {
            size: 0,
            query: {
              bool: {
                filter: [
                  { range: { "event.created": { gte: "{{period_end}}||-7200s", lte: "{{period_end}}" } } },
                  { bool: { filter: [{ term: { "event.category": { value: "process" } } }, { term: { "process.name": { value: "psexec.exe", case_insensitive: true } } }] } },
                ],
              },
            },
          },
        },
      },
    ],
    triggers: [{ query_level_trigger: { name: "t", severity: "1", condition: { script: { source: "ctx.results[0].hits.total.value > 0", lang: "painless" } } } }],
    ...overrides,
  };
}

describe("translateUnmanagedMonitor", () => {
  it("turns an any-hit query-level monitor into detection fields", () => {
    const result = translateUnmanagedMonitor(monitor(), "abc123");
    expect(result).toMatchObject({
      ok: true,
      detection: {
        id: "hand-made-psexec",
        name: "Hand Made: PsExec!",
        severity: "critical",
        riskScore: 99,
        mitre: [],
        dataSources: [],
        indices: ["logs-*"],
        query: 'process where process.name : "psexec.exe"',
        timestampOverride: "event.created",
        schedule: { interval: "1h", lookback: "2h" },
        enabled: true,
      },
    });
  });

  it("reads the entity of a bucket-level monitor shaped like dac's", () => {
    const m = monitor({
      monitor_type: "bucket_level_monitor",
      triggers: [
        { bucket_level_trigger: { name: "t", severity: "3", condition: { buckets_path: { _count: "_count" }, parent_bucket_path: "x", script: { source: "params._count > 0" } } } },
      ],
    });
    const search = ((m.inputs as JsonObject[])[0]?.search as JsonObject).query as JsonObject;
    search.aggregations = { x: { composite: { sources: [{ entity: { terms: { field: "user.name" } } }] } } };
    expect(translateUnmanagedMonitor(m, "id")).toMatchObject({ ok: true, detection: { entityField: "user.name", severity: "medium" } });
  });

  it.each([
    ["a Painless sequence trigger", { triggers: [{ query_level_trigger: { name: "t", severity: "1", condition: { script: { source: "return seq(ctx)" } } } }] }, /not "any hit"/],
    ["a cron schedule", { schedule: { cron: { expression: "0 * * * *", timezone: "UTC" } } }, /cron/],
    ["a doc-level monitor", { monitor_type: "doc_level_monitor", inputs: [{ doc_level_input: { indices: ["x"], queries: [] } }] }, /doc-level/],
    ["two triggers", { triggers: [{}, {}] }, /2 triggers/],
  ])("refuses %s with a reason", (_name, overrides, reason) => {
    const result = translateUnmanagedMonitor(monitor(overrides as JsonObject), "id");
    expect(result.ok === false && result.reason).toMatch(reason);
  });
});
