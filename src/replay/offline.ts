/**
 * Runs a resolved detection over events in memory, the way the detection
 * engine does on a cluster: exception filters first (Kibana adds them to the
 * search, so an excepted event is gone from every sequence stage), then EQL
 * with the detection's fields, size = maxSignals, most recent results (tail),
 * ties ordered by document id (engine option `tieOrder`).
 */
import { isExcepted, type ResolvedDetection } from "../detection/index.ts";
import { compileEqlQuery, parseEqlOrThrow, type EqlEvent, type EqlSearchSession, type IndexMapping } from "../eql/index.ts";
import { buildAlerts, type Alert } from "./alert.ts";
import type { FixtureEvent } from "./fixtures.ts";

/** A detection ready to take events one at a time; `finish` returns its alerts. */
export interface OfflineRun {
  readonly detection: ResolvedDetection;
  push(event: FixtureEvent): void;
  finish(): Alert[];
  /** Events dropped by the detection's exceptions before the EQL ran. */
  readonly excepted: number;
}

/**
 * Compiles the detection's query; throws EqlCompileError when the query cannot
 * run. `mapping` is the mapping of the index the events would sit in (see
 * replayMappingFor); without one the engine infers types from values.
 */
export function startOfflineRun(detection: ResolvedDetection, mapping?: IndexMapping): OfflineRun {
  const compiled = compileEqlQuery(parseEqlOrThrow(detection.query), {
    ...(mapping ? { mapping } : {}),
    timestampField: detection.timestampField,
    ...(detection.tiebreakerField !== undefined ? { tiebreakerField: detection.tiebreakerField } : {}),
    eventCategoryField: detection.eventCategoryField,
    size: detection.maxSignals,
    resultPosition: "tail",
    // Equal timestamps (and tiebreakers) in document-id order, as the OpenSearch
    // monitor orders them on any number of shards; fixture ids (`file:line`)
    // keep file order, so this is also the one-shard Elasticsearch order.
    tieOrder: "id",
  });
  const session: EqlSearchSession = compiled.startSearch();
  let excepted = 0;
  return {
    detection,
    get excepted() {
      return excepted;
    },
    push(event) {
      if (isExcepted(detection.exceptions, event.source)) {
        excepted++;
        return;
      }
      session.push(event.source as EqlEvent, { id: event.id, index: event.index });
    },
    finish: () => buildAlerts(detection, session.finish()),
  };
}

/** The alerts `detection` raises on `events`. */
export function runDetectionOffline(detection: ResolvedDetection, events: Iterable<FixtureEvent | Record<string, unknown>>, mapping?: IndexMapping): Alert[] {
  const run = startOfflineRun(detection, mapping);
  let n = 0;
  for (const event of events) {
    n++;
    run.push(isFixtureEvent(event) ? event : { id: String(n), index: "events", source: event });
  }
  return run.finish();
}

function isFixtureEvent(value: FixtureEvent | Record<string, unknown>): value is FixtureEvent {
  return typeof value.id === "string" && typeof value.index === "string" && typeof value.source === "object" && value.source !== null && Object.keys(value).length === 3;
}
