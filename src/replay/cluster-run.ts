/**
 * One replay case on the cluster: its fixture already loaded (replay-load.ts:
 * rebased so its last event sits just before the run's period end, in a
 * shared index, under its marker), the case's monitor executed as of that
 * period end, and the alerts per entity compared with what the test expects.
 * Fixtures longer than the monitor's window are replayed as consecutive,
 * non-overlapping windows (as many runs as it takes the scheduler to walk
 * over them), so every event is seen exactly once; windows without any of
 * the fixture's candidate events are not run (candidate-windows.ts), or,
 * where candidates cannot decide, windows without any of its events
 * (selectWindowsWithEvents).
 */
import { compileMonitorTiming } from "../targets/opensearch/index.ts";
import { hasTimeBetween, type WindowSelector } from "./candidate-windows.ts";
import type { ReplayCase } from "./cluster-cases.ts";
import type { MonitorRun } from "./cluster-monitors.ts";
import type { IngestResult } from "./ingest.ts";
import type { LoadedFixture } from "./replay-load.ts";
import { explainMismatch, type TestResult } from "./report.ts";

export interface CaseRunDeps {
  /** Runs the case's monitor as of `periodEnd` (`_execute`, or the evaluator on nodes without Alerting). */
  readonly execute: (periodEnd: number) => Promise<MonitorRun>;
  /** The case's fixture as loaded; undefined when it was not. */
  readonly loaded: LoadedFixture | undefined;
  /** The period end the fixtures were rebased to. */
  readonly periodEnd: number;
  readonly now?: () => number;
  /** Picks the windows to run (candidate-windows.ts); when absent or undecided, selectWindowsWithEvents does. */
  readonly selectWindows?: WindowSelector;
}

export interface CaseOutcome {
  readonly result: TestResult;
  readonly ingest?: IngestResult;
  /** Ingest start -> last `_execute` answered (the alert is visible). */
  readonly eventToAlertMs?: number;
  readonly windows: number;
}

/** Period ends that walk back over [first, last] in non-overlapping windows of `windowMs`. */
export function planWindowEnds(first: number, periodEnd: number, windowMs: number): number[] {
  const ends = [periodEnd];
  // The range filter is inclusive at both ends: step one millisecond past the window.
  while ((ends.at(-1) as number) - windowMs > first) ends.push((ends.at(-1) as number) - windowMs - 1);
  return ends;
}

/** Margin around a window when looking for its events: date math and clocks round to the second. */
const WINDOW_MARGIN_MS = 1000;

/**
 * The windows worth running: the first (it holds the fixture's latest event,
 * so a monitor that fails fails there) and every other one with an event of
 * the fixture inside it. The monitor's search is scoped to the fixture, so a
 * window without its events matches nothing and raises nothing; skipping it
 * changes no result. All are kept when the fixture's times are not all known,
 * or when the window reads a field they do not cover (a timestamp override).
 */
export function selectWindowsWithEvents(ends: readonly number[], windowMs: number, loaded: Pick<LoadedFixture, "times" | "timeFields">, windowField?: string): number[] {
  const times = loaded.times;
  if (times === undefined || (windowField !== undefined && !loaded.timeFields.includes(windowField))) return [...ends];
  return ends.filter((end, i) => i === 0 || hasTimeBetween(times, end - windowMs - WINDOW_MARGIN_MS, end + WINDOW_MARGIN_MS));
}

/**
 * Sums alerts per entity over several runs (given most recent window first);
 * errors are joined. `maxSignals` caps the total as offline does: a replayed
 * fixture is one detection run, which raises at most max_signals alerts, the
 * most recent ones. (A bucket-level monitor pages through every bucket, and
 * each window may fill its own cap, so the node alone would give more.)
 */
export function mergeMonitorRuns(runs: readonly MonitorRun[], maxSignals = Infinity): MonitorRun {
  const counts = new Map<string | null, number>();
  let left = maxSignals;
  for (const run of runs) {
    for (const a of run.alerts) {
      const taken = Math.min(a.count, left);
      if (taken <= 0) break;
      counts.set(a.entity, (counts.get(a.entity) ?? 0) + taken);
      left -= taken;
    }
  }
  const errors = runs.map((r) => r.error).filter((e): e is string => e !== null);
  return {
    triggered: runs.some((r) => r.triggered),
    alerts: [...counts].map(([entity, count]) => ({ entity, count })),
    error: errors.length > 0 ? [...new Set(errors)].join("; ") : null,
  };
}

export function failCase(c: ReplayCase, reason: string, durationMs?: number): TestResult {
  return {
    detectionId: c.detection.id,
    file: c.detection.source.file,
    test: c.test.name,
    fixture: c.test.fixture,
    passed: false,
    expectedAlerts: c.test.expectAlerts,
    actualAlerts: 0,
    ...(c.test.expectEntity !== undefined ? { expectedEntity: c.test.expectEntity } : {}),
    entities: [],
    reason,
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

/** The test verdict for `run`: one alert per counted event or sequence, at most max_signals, as offline. */
export function judgeCase(c: ReplayCase, run: MonitorRun, durationMs: number): TestResult {
  if (run.error !== null) return failCase(c, `the monitor run failed: ${run.error}`, durationMs);
  const entities = run.alerts.flatMap((a) => Array.from({ length: a.count }, () => a.entity)).slice(0, c.detection.maxSignals);
  const reason = explainMismatch(c.test.expectAlerts, c.test.expectEntity, entities);
  return {
    detectionId: c.detection.id,
    file: c.detection.source.file,
    test: c.test.name,
    fixture: c.test.fixture,
    passed: reason === undefined,
    expectedAlerts: c.test.expectAlerts,
    actualAlerts: entities.length,
    ...(c.test.expectEntity !== undefined ? { expectedEntity: c.test.expectEntity } : {}),
    entities: [...new Set(entities.map((e) => e ?? "<none>"))].sort(),
    ...(reason !== undefined ? { reason } : {}),
    durationMs,
  };
}

export async function runReplayCase(c: ReplayCase, deps: CaseRunDeps): Promise<CaseOutcome> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const replayed = c.replayed;
  if (!replayed) return { result: failCase(c, c.problem ?? "not deployed"), windows: 0 };
  const timing = compileMonitorTiming(replayed.schedule);
  if (!timing.ok) return { result: failCase(c, timing.diagnostics.map((d) => d.message).join("; ")), windows: 0 };
  const loaded = deps.loaded;
  if (!loaded) return { result: failCase(c, `the fixture ${c.test.fixture} was not loaded`), windows: 0 };
  if (loaded.errors.length > 0) {
    return { result: failCase(c, `${loaded.total - loaded.indexed} of ${loaded.total} events were rejected by ${loaded.index}: ${loaded.errors[0]}`), windows: 0 };
  }
  // Date math in the monitor rounds the window up to whole seconds.
  const windowMs = Math.ceil(timing.value.windowMillis / 1000) * 1000;
  try {
    const planned = Number.isNaN(loaded.first) ? [deps.periodEnd] : planWindowEnds(loaded.first, deps.periodEnd, windowMs);
    const ends = (await deps.selectWindows?.(planned, windowMs, deps.execute)) ?? selectWindowsWithEvents(planned, windowMs, loaded, replayed.timestampOverride);
    const runs: MonitorRun[] = [];
    for (const end of ends) runs.push(await deps.execute(end));
    const durationMs = now() - started;
    return { result: judgeCase(c, mergeMonitorRuns(runs, c.detection.maxSignals), durationMs), eventToAlertMs: durationMs, windows: ends.length };
  } catch (err) {
    return { result: failCase(c, err instanceof Error ? err.message : String(err), now() - started), windows: 0 };
  }
}
