import { fail, ok, type Diagnostic, type Result } from "../../diagnostics/index.ts";
import { locateQueryRange, type ResolvedDetection } from "../../detection/index.ts";
import { parseEql, type EventQuery, type Query, type SampleQuery, type SequenceQuery } from "../../eql/index.ts";
import { filterAllQuery, type Dsl } from "./dsl.ts";
import { compileEventMonitorParts } from "./event-monitor.ts";
import { compileExceptionClauses } from "./exceptions-dsl.ts";
import type { JsonObject } from "./json.ts";
import { compileDetectionSource, hashMonitor, MANAGED_MARKER, SEVERITY_LEVELS } from "./metadata.ts";
import { compileFilterDsl } from "./query-dsl.ts";
import { compileMonitorTiming, type MonitorTiming } from "./schedule.ts";
import { compileSequenceMonitorParts } from "./sequence-monitor.ts";
import { planSequence, type NamedFilter } from "./sequence-plan.ts";
import { compileSampleMonitorParts } from "./sample-monitor.ts";
import { planSample } from "./sample-plan.ts";

/**
 * Detection -> one Alerting monitor (exceptions compiled into the search as
 * must_not), always bucket-level: event queries get one alert per entity,
 * sequences and samples one per join key (a Painless matcher per composite
 * bucket); see event-monitor.ts and join-monitor.ts for why.
 */
export type MonitorBody = JsonObject;

export interface CompileMonitorOptions {
  /** Overrides detection.enabled (the adapter creates monitors disabled first). */
  readonly enabled?: boolean;
  /** The dac project stored in `ui_metadata.dac.project` (metadata.ts); left out when undefined. */
  readonly project?: string;
}

export function compileMonitor(detection: ResolvedDetection, options: CompileMonitorOptions = {}): Result<MonitorBody> {
  const parsed = parseEql(detection.query);
  if (!parsed.ok) return fail(locateDiagnostics(detection, parsed.diagnostics));
  const compiled = compileMonitorForQuery(detection, parsed.value, options);
  return compiled.ok ? compiled : fail(locateDiagnostics(detection, compiled.diagnostics));
}

/** As compileMonitor, for an already parsed query; diagnostic ranges stay query-relative. */
export function compileMonitorForQuery(detection: ResolvedDetection, query: Query, options: CompileMonitorOptions = {}): Result<MonitorBody> {
  const diagnostics: Diagnostic[] = [];
  const timing = compileMonitorTiming(detection.schedule);
  diagnostics.push(...timing.diagnostics);
  let parts: JsonObject | undefined;
  if (timing.ok) {
    if (query.kind === "event" && query.pipes.length > 0) parts = compileSequenceParts(detection, asOneStageSequence(query), timing.value, diagnostics);
    else if (query.kind === "event") parts = compileEventParts(detection, query, timing.value, diagnostics);
    else if (query.kind === "sequence") parts = compileSequenceParts(detection, query, timing.value, diagnostics);
    else parts = compileSampleParts(detection, query, timing.value, diagnostics);
  }
  if (diagnostics.length > 0 || parts === undefined || !timing.ok) return fail(diagnostics);
  return ok(assembleMonitor(detection, parts, timing.value, options));
}

/**
 * The look-back window, on the same field Kibana uses: the timestamp
 * override, with Kibana's fallback to @timestamp for events that lack it; else
 * @timestamp. (The EQL timestamp field only orders stages; see sequence-plan.ts.)
 */
function windowQuery(detection: ResolvedDetection, timing: MonitorTiming): Dsl {
  const range = (field: string): Dsl => ({ range: { [field]: { gte: timing.windowStart, lte: "{{period_end}}", format: "epoch_millis" } } });
  const override = detection.timestampOverride;
  if (override === undefined || override === DEFAULT_WINDOW_FIELD) return range(DEFAULT_WINDOW_FIELD);
  return {
    bool: {
      should: [range(override), { bool: { must_not: [{ exists: { field: override } }], filter: [range(DEFAULT_WINDOW_FIELD)] } }],
      minimum_should_match: 1,
    },
  };
}

const DEFAULT_WINDOW_FIELD = "@timestamp";

function compileEventParts(detection: ResolvedDetection, query: EventQuery, timing: MonitorTiming, diagnostics: Diagnostic[]): JsonObject | undefined {
  const filter = compileFilterDsl(query.filter, { eventCategoryField: detection.eventCategoryField });
  diagnostics.push(...filter.diagnostics);
  if (!filter.ok) return undefined;
  const bool: JsonObject = { filter: [windowQuery(detection, timing), filter.value] };
  const exceptions = compileExceptionClauses(detection.exceptions);
  if (exceptions.length > 0) bool.must_not = exceptions;
  return compileEventMonitorParts(detection, { bool }, SEVERITY_LEVELS[detection.severity]);
}

function compileSequenceParts(detection: ResolvedDetection, query: SequenceQuery, timing: MonitorTiming, diagnostics: Diagnostic[]): JsonObject | undefined {
  const plan = planSequence(query, diagnostics);
  if (plan === undefined) return undefined;
  const scored = compileScoredFilters(detection, plan.namedFilters, diagnostics);
  if (scored === undefined) return undefined;
  const exceptions = compileExceptionClauses(detection.exceptions);
  return compileSequenceMonitorParts(detection, plan, scored, windowQuery(detection, timing), exceptions, SEVERITY_LEVELS[detection.severity], query.pipes);
}

/**
 * `… | head N` / `| tail N` on an event query ranks every match of the window
 * in time order (timestamp, tiebreaker, write order) and keeps N, which a
 * per-entity count cannot do. A one-stage sequence without keys is exactly
 * that: each match completes a sequence of one event, in event order, and the
 * sequence monitor already applies pipes over all of them (one alert carrying
 * the kept events; see sequence-script.ts).
 */
function asOneStageSequence(query: EventQuery): SequenceQuery {
  const stage = { kind: "stage", filter: query.filter, keys: [], runs: 1, runsWritten: false, missing: false, range: query.filter.range } as const;
  return { kind: "sequence", keys: [], maxspan: null, stages: [stage], until: null, pipes: query.pipes, range: query.range };
}

function compileSampleParts(detection: ResolvedDetection, query: SampleQuery, timing: MonitorTiming, diagnostics: Diagnostic[]): JsonObject | undefined {
  const plan = planSample(query, diagnostics);
  if (plan === undefined) return undefined;
  const scored = compileScoredFilters(detection, plan.namedFilters, diagnostics);
  if (scored === undefined) return undefined;
  return compileSampleMonitorParts(detection, plan, scored, windowQuery(detection, timing), compileExceptionClauses(detection.exceptions), SEVERITY_LEVELS[detection.severity]);
}

/** Filter k scores 2^k: the should clauses add up, so an event's _score is its filter mask. */
function compileScoredFilters(detection: ResolvedDetection, filters: readonly NamedFilter[], diagnostics: Diagnostic[]): Dsl[] | undefined {
  const scored: Dsl[] = [];
  filters.forEach(({ name, filter }, bit) => {
    const compiled = compileFilterDsl(filter, { eventCategoryField: detection.eventCategoryField });
    diagnostics.push(...compiled.diagnostics);
    if (compiled.ok) scored.push({ constant_score: { filter: compiled.value, boost: 2 ** bit, _name: name } });
  });
  return scored.length === filters.length ? scored : undefined;
}

function assembleMonitor(detection: ResolvedDetection, parts: JsonObject, timing: MonitorTiming, options: CompileMonitorOptions): MonitorBody {
  const monitor: JsonObject = {
    type: "monitor",
    monitor_type: parts.monitor_type as string,
    name: detection.name,
    enabled: options.enabled ?? detection.enabled,
    schedule: timing.schedule,
    inputs: [{ search: { indices: [...detection.indices], query: parts.search as JsonObject } }],
    triggers: [parts.trigger as JsonObject],
    ui_metadata: {
      [MANAGED_MARKER]: { managed: true, ...(options.project !== undefined ? { project: options.project } : {}), id: detection.id, source: compileDetectionSource(detection) },
    },
  };
  const dac = (monitor.ui_metadata as JsonObject)[MANAGED_MARKER] as JsonObject;
  dac.hash = hashMonitor(monitor);
  return monitor;
}

/** Shifts query-relative ranges into the detection module and tags the rule id. */
export function locateDiagnostics(detection: ResolvedDetection, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    // Through the query's character map: escapes in the module's literal shift columns.
    const range = d.range && d.range.file === undefined ? (locateQueryRange(detection, d.range) ?? d.range) : d.range;
    return { ...d, ...(range ? { range } : {}), ruleId: detection.id, ...(range ? {} : { file: detection.source.file }) };
  });
}
