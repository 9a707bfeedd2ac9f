/**
 * Kibana's schedule fields from a detection's `{ interval, lookback }`.
 * Kibana runs a rule every `interval` over the window `[from, to]`; the UI's
 * "additional look-back time" is expressed as `from = now-(interval+lookback)`,
 * so consecutive runs overlap by `lookback` and late events are not missed.
 */
import { parseDurationSeconds } from "../../detection/index.ts";

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** The largest whole unit for `seconds` ("360s" -> "6m", "90s" -> "90s"). */
export function formatDuration(seconds: number): string {
  for (const unit of ["d", "h", "m"] as const) {
    const size = UNIT_SECONDS[unit];
    if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

export interface KibanaSchedule {
  readonly interval: string;
  readonly from: string;
  readonly to: "now";
}

/** `{ interval: "5m", lookback: "1m" }` -> `{ interval: "5m", from: "now-6m", to: "now" }`. Throws on malformed durations (validate rejects them first). */
export function compileKibanaSchedule(ruleId: string, schedule: { readonly interval: string; readonly lookback: string }): KibanaSchedule {
  const interval = parseDurationSeconds(schedule.interval);
  const lookback = parseDurationSeconds(schedule.lookback);
  if (interval === undefined || interval === 0) throw new Error(`rule ${ruleId}: schedule.interval "${schedule.interval}" is not a duration like "5m"`);
  if (lookback === undefined) throw new Error(`rule ${ruleId}: schedule.lookback "${schedule.lookback}" is not a duration like "1m"`);
  return { interval: formatDuration(interval), from: `now-${formatDuration(interval + lookback)}`, to: "now" };
}
