/**
 * Alert: what one detection hit means to a person, built from an
 * `_eql/search`-shaped result (the engine's, or a real cluster's): one alert
 * per matching event, or per sequence.
 */
import { readFieldValues, type ResolvedDetection } from "../detection/index.ts";
import type { EqlHit, EqlSearchResult, EqlSequenceHit } from "../eql/index.ts";

export interface AlertEvent {
  readonly timestamp: string;
  readonly id: string;
}

export interface Alert {
  readonly detectionId: string;
  readonly severity: ResolvedDetection["severity"];
  /** Value of the detection's entityField: from the last event of a sequence, else the join key. */
  readonly entity: string | null;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  readonly events: readonly AlertEvent[];
}

type Hit = EqlSequenceHit["events"][number];

function isRealHit(hit: Hit): hit is EqlHit {
  return !("missing" in hit && hit.missing === true);
}

function readScalar(source: object, field: string): string | null {
  const value = readFieldValues(source, field)[0];
  return value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value);
}

function toAlert(detection: Pick<ResolvedDetection, "id" | "severity" | "entityField" | "timestampField">, hits: readonly EqlHit[], joinKeys: readonly unknown[]): Alert {
  const events = hits.map((hit) => ({ timestamp: readScalar(hit._source, detection.timestampField) ?? "", id: hit._id }));
  let entity: string | null = null;
  for (let i = hits.length - 1; i >= 0 && entity === null; i--) {
    const hit = hits[i];
    if (hit) entity = readScalar(hit._source, detection.entityField);
  }
  // Join keys are the fallback: they are the entity whenever the sequence is `by entityField`.
  if (entity === null && joinKeys.length > 0 && joinKeys[0] !== null && joinKeys[0] !== undefined) entity = String(joinKeys[0]);
  return assembleAlert(detection, entity, events);
}

/** An alert from its events in time order; whichever target found them. */
export function assembleAlert(detection: Pick<ResolvedDetection, "id" | "severity">, entity: string | null, events: readonly AlertEvent[]): Alert {
  return {
    detectionId: detection.id,
    severity: detection.severity,
    entity,
    firstTimestamp: events[0]?.timestamp ?? "",
    lastTimestamp: events.at(-1)?.timestamp ?? "",
    events,
  };
}

/** The alerts a search result stands for, in result order. */
export function buildAlerts(detection: Pick<ResolvedDetection, "id" | "severity" | "entityField" | "timestampField">, result: EqlSearchResult): Alert[] {
  if (result.hits.sequences) return result.hits.sequences.map((s) => toAlert(detection, s.events.filter(isRealHit), s.join_keys));
  return (result.hits.events ?? []).map((hit) => toAlert(detection, [hit], []));
}
