import { describe, expect, it } from "vitest";
import { parseDurationMillis } from "../../../src/detection/index.ts";
import { compileMonitorTiming } from "../../../src/targets/opensearch/schedule.ts";

describe("compileMonitorTiming", () => {
  it.each([
    ["5m", "1m", { period: { interval: 5, unit: "MINUTES" } }, "{{period_end}}||-360s"],
    ["1h", "0m", { period: { interval: 1, unit: "HOURS" } }, "{{period_end}}||-3600s"],
    ["2d", "30s", { period: { interval: 2, unit: "DAYS" } }, "{{period_end}}||-172830s"],
    ["120s", "1500ms", { period: { interval: 2, unit: "MINUTES" } }, "{{period_end}}||-122s"],
    ["90m", "10m", { period: { interval: 90, unit: "MINUTES" } }, "{{period_end}}||-6000s"],
    // not whole minutes: runs every whole minute below the interval, with the full interval's window
    ["90s", "1m", { period: { interval: 1, unit: "MINUTES" } }, "{{period_end}}||-150s"],
    ["61500ms", "0s", { period: { interval: 1, unit: "MINUTES" } }, "{{period_end}}||-62s"],
    ["3601s", "0m", { period: { interval: 1, unit: "HOURS" } }, "{{period_end}}||-3601s"],
  ])("interval %s lookback %s", (interval, lookback, schedule, windowStart) => {
    const timing = compileMonitorTiming({ interval, lookback });
    expect(timing.ok && timing.value.schedule).toEqual(schedule);
    expect(timing.ok && timing.value.windowStart).toBe(windowStart);
  });

  it.each([
    ["30s", "1m", "interval"],
    ["59999ms", "1m", "interval"],
    ["0m", "1m", "interval"],
    ["5 minutes", "1m", "interval"],
    ["5m", "soon", "lookback"],
  ])("refuses interval %s lookback %s", (interval, lookback, path) => {
    const timing = compileMonitorTiming({ interval, lookback });
    expect(timing.ok).toBe(false);
    expect(timing.diagnostics[0]).toMatchObject({ code: "opensearch/unsupported-schedule", path: ["schedule", path] });
  });

  it("parses durations", () => {
    expect(parseDurationMillis("250ms")).toBe(250);
    expect(parseDurationMillis("3h")).toBe(10_800_000);
    expect(parseDurationMillis("-3h")).toBeUndefined();
  });
});
