/**
 * One replay case on the cluster: the fixture rebased to now, bulk-indexed
 * into the case's own index (created, mapped, before its monitor was
 * deployed), the case's monitor executed as of now, and the
 * alerts per entity compared with what the test expects. Fixtures longer
 * than the monitor's window are replayed as consecutive, non-overlapping
 * windows (as many runs as it takes the scheduler to walk over them), so
 * every event is seen exactly once.
 */
import type { Client } from "@opensearch-project/opensearch";
import { compileMonitorTiming } from "../targets/opensearch/index.ts";
import type { ReplayCase } from "./cluster-cases.ts";
import type { MonitorRun } from "./cluster-monitors.ts";
import type { FixtureEvent } from "./fixtures.ts";
import { deleteReplayIndices, ingestEvents, type IngestResult } from "./ingest.ts";
import { rebaseEvents } from "./rebase.ts";
import { explainMismatch, type TestResult } from "./report.ts";

/** Events land this far before `period_end`, so clock rounding never pushes the last one out. */
const SETTLE_MS = 1000;

export interface CaseRunDeps {
  readonly client: Client;
  /** Runs the case's monitor as of `periodEnd` (`_execute`, or the evaluator on nodes without Alerting). */
  readonly execute: (periodEnd: number) => Promise<MonitorRun>;
  readonly readEvents: (file: string) => readonly FixtureEvent[];
  readonly now?: () => number;
  /** Leave the index in place (for debugging a failure). */
  readonly keepIndex?: boolean;
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

/** Exported documents may carry `_id`/`_index` in the body; `_bulk` refuses metadata fields there. */
function withoutMetadata(source: Record<string, unknown>): Record<string, unknown> {
  if (!("_id" in source) && !("_index" in source)) return source;
  const { _id: _ignoredId, _index: _ignoredIndex, ...rest } = source;
  return rest;
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
  const now = deps.now ?? Date.now;
  const started = now();
  const replayed = c.replayed;
  if (!replayed) return { result: failCase(c, c.problem ?? "not deployed"), windows: 0 };
  const timing = compileMonitorTiming(replayed.schedule);
  if (!timing.ok) return { result: failCase(c, timing.diagnostics.map((d) => d.message).join("; ")), windows: 0 };
  // Date math in the monitor rounds the window up to whole seconds.
  const windowMs = Math.ceil(timing.value.windowMillis / 1000) * 1000;
  try {
    const fixture = deps.readEvents(c.test.fixture);
    const periodEnd = now();
    const rebased = rebaseEvents(
      fixture.map((e) => withoutMetadata(e.source)),
      { now: periodEnd - SETTLE_MS, timestampField: replayed.timestampField },
    );
    const ingest = await ingestEvents(deps.client, c.index, rebased.events, { ids: fixture.map((e) => e.id) });
    if (ingest.errors.length > 0) {
      return { result: failCase(c, `${fixture.length - ingest.indexed} of ${fixture.length} events were rejected by ${c.index}: ${ingest.errors[0]}`, now() - started), ingest, windows: 0 };
    }
    const ends = Number.isNaN(rebased.first) ? [periodEnd] : planWindowEnds(rebased.first, periodEnd, windowMs);
    const runs: MonitorRun[] = [];
    for (const end of ends) runs.push(await deps.execute(end));
    const eventToAlertMs = now() - started;
    return { result: judgeCase(c, mergeMonitorRuns(runs, c.detection.maxSignals), eventToAlertMs), ingest, eventToAlertMs, windows: ends.length };
  } catch (err) {
    return { result: failCase(c, err instanceof Error ? err.message : String(err), now() - started), windows: 0 };
  } finally {
    if (!deps.keepIndex) await deleteReplayIndices(deps.client, c.index).catch(() => undefined);
  }
}
