import { afterAll, beforeAll, expect } from "vitest";
import type { ResolvedDetection } from "../../../src/detection/model.ts";
import { buildAlerts } from "../../../src/replay/index.ts";
import type { MonitorRunResult, OpenSearchHttp } from "../../../src/sync/clients/opensearch-adapter.ts";
import { type ClusterTarget, createEventIndex, deleteIndex, raiseTemplateCompileLimits, runOnCluster, runOnEngine, type MonitorRunner, type TestEvent } from "./cluster-harness.ts";

/**
 * What the sequence and sample differentials (sequence-differential.ts,
 * sample-differential.ts) share: both compile a join monitor (one composite
 * bucket per join key, a Painless matcher per bucket), run it on the node and
 * compare its alerts, per entity, with the in-memory engine's over the same
 * events (ties ordered by `_id` on both sides).
 */

/** Each entity's matches, as lists of event ids (one list per sequence or sample). */
export type MatchesByEntity = Record<string, string[][]>;

/** The matches the in-memory engine finds, under the entity replay gives them (last event's entity field, else the join key). */
export function engineMatches(detection: ResolvedDetection, events: readonly TestEvent[]): MatchesByEntity {
  const byEntity: MatchesByEntity = {};
  for (const alert of buildAlerts(detection, runOnEngine(detection, events))) (byEntity[String(alert.entity)] ??= []).push(alert.events.map((e) => e.id));
  return byEntity;
}

/** The matches the node's alerts carry, per entity. */
export function nodeMatches(run: MonitorRunResult): MatchesByEntity {
  const byEntity: MatchesByEntity = {};
  for (const alert of run.alerts) byEntity[String(alert.entity)] = (alert.sequences ?? []).map((s) => s.events.map((e) => e.id));
  return byEntity;
}

/** Runs the detection on the node and expects exactly the engine's matches per entity (order within an entity ignored). */
export async function expectNodeMatchesEngine(http: OpenSearchHttp, detection: ResolvedDetection, events: readonly TestEvent[], periodEnd: number, runner: MonitorRunner): Promise<void> {
  const expected = engineMatches(detection, events);
  const run = await runOnCluster(http, detection, periodEnd, runner);
  expect(run.error).toBeNull();
  const actual = nodeMatches(run);
  for (const list of [...Object.values(expected), ...Object.values(actual)]) list.sort();
  expect(actual).toEqual(expected);
  expect(run.triggered).toBe(Object.keys(expected).length > 0);
}

/** The node's matches for the detection, per entity, each match's ids joined with "," (for cases pinned by hand). */
export async function pinnedMatches(http: OpenSearchHttp, detection: ResolvedDetection, periodEnd: number, runner: MonitorRunner): Promise<Record<string, string[]>> {
  const run = await runOnCluster(http, detection, periodEnd, runner);
  return Object.fromEntries(run.alerts.map((a) => [String(a.entity), (a.sequences ?? []).map((s) => s.events.map((e) => e.id).join(","))]));
}

/** A test index holding `events` on the target's shards for the enclosing describe; returns the connection, valid from beforeAll on. */
export function useEventIndex(target: ClusterTarget, index: string, events: readonly TestEvent[]): () => OpenSearchHttp {
  let http: OpenSearchHttp | undefined;
  beforeAll(async () => {
    http = target.connect();
    await raiseTemplateCompileLimits(http);
    await createEventIndex(http, index, events, undefined, target.shards);
  });
  afterAll(async () => {
    if (http) await deleteIndex(http, index);
  });
  return () => {
    if (!http) throw new Error("the test index is not set up yet");
    return http;
  };
}

/** Events `seconds` after 2024-01-01T00:00:00Z with the given category and fields; ids `<prefix>1`, `<prefix>2`, … unless given. */
export function eventMaker(prefix: string): (seconds: number, category: string, fields: Record<string, unknown>, id?: string) => TestEvent {
  let n = 0;
  return (seconds, category, fields, id) => {
    n++;
    const at = new Date(Date.parse("2024-01-01T00:00:00Z") + seconds * 1000).toISOString();
    return { id: id ?? `${prefix}${n}`, source: { "@timestamp": at, ...fields, event: { category, ...((fields.event as object) ?? {}) } } };
  };
}
