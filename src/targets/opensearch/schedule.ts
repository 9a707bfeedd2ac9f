import { errorDiagnostic, fail, ok, type Result } from "../../diagnostics/index.ts";
import { parseDurationMillis } from "../../detection/index.ts";
import type { JsonObject } from "./json.ts";

/**
 * Detection schedule -> monitor schedule and search window. OpenSearch's
 * interval schedule only knows MINUTES, HOURS and DAYS (the job scheduler
 * refuses other units), so a monitor runs at most once a minute. The window
 * spans interval + lookback back from `{{period_end}}` (the mustache variable
 * the Alerting plugin fills with the run's end, epoch millis), so consecutive
 * runs overlap by the lookback as in Kibana. An interval that is not a whole
 * number of minutes (90s) runs every whole minute below it (1m) with the
 * window of the interval asked for: every event still falls into a window at
 * least as wide as Kibana's, runs just come a little more often. Below one
 * minute there is no such schedule: refused.
 */
export interface MonitorTiming {
  readonly schedule: JsonObject;
  /** Date-math start of the window, e.g. `{{period_end}}||-900s`. */
  readonly windowStart: string;
  readonly windowMillis: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function compileMonitorTiming(schedule: { readonly interval: string; readonly lookback: string }): Result<MonitorTiming> {
  const interval = parseDurationMillis(schedule.interval);
  const lookback = parseDurationMillis(schedule.lookback);
  const bad = (path: string, message: string) => fail<MonitorTiming>([errorDiagnostic("opensearch/unsupported-schedule", message, { path: ["schedule", path] })]);
  if (interval === undefined || interval <= 0) return bad("interval", `schedule interval "${schedule.interval}" is not a positive duration like "5m"`);
  if (lookback === undefined) return bad("lookback", `schedule lookback "${schedule.lookback}" is not a duration like "1m"`);
  if (interval < 60_000) {
    return bad("interval", `OpenSearch monitors run at most once a minute (MINUTES/HOURS/DAYS); "${schedule.interval}" is shorter than a minute`);
  }
  const windowMillis = interval + lookback;
  // Date math has no millisecond unit; round the window up to whole seconds so it never shrinks.
  const windowSeconds = Math.ceil(windowMillis / 1000);
  const period = interval - (interval % MINUTE);
  return ok({ schedule: periodOf(period), windowStart: `{{period_end}}||-${windowSeconds}s`, windowMillis });
}

function periodOf(millis: number): JsonObject {
  if (millis % DAY === 0) return { period: { interval: millis / DAY, unit: "DAYS" } };
  if (millis % HOUR === 0) return { period: { interval: millis / HOUR, unit: "HOURS" } };
  return { period: { interval: millis / MINUTE, unit: "MINUTES" } };
}
