/**
 * Replay loads every fixture of a run into a few shared indices, each event
 * tagged with its fixture's marker (REPLAY_MARKER_FIELD). A case's monitor is
 * the deployed monitor with exactly two edits, made here and nowhere else:
 *  - index: `inputs[0].search.indices` is the shared index;
 *  - scope: `inputs[0].search.query.query` becomes
 *    `{bool: {must: [<deployed query>], filter: [{term: {<marker>: <value>}}]}}`.
 * `must` keeps the deployed query's scoring (sequence monitors read each
 * event's stage mask from `_score`); a `filter` clause adds nothing to it. The
 * scope is what keeps one fixture's events out of another's sequences and
 * windows: the monitor never sees them. Aggregations, triggers, scripts and
 * metadata are untouched, so the search that runs is the deployed one.
 */
import type { JsonObject } from "../sync/index.ts";

/** Keyword field carrying the fixture marker; outside ECS, so no detection reads it. */
export const REPLAY_MARKER_FIELD = "dac_replay_fixture";

export interface ReplayScope {
  readonly index: string;
  readonly marker: string;
}

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The deployed monitor body pointed at `scope.index` and scoped to `scope.marker` (a copy; the input is not changed). */
export function scopeMonitorToReplay(deployed: JsonObject, scope: ReplayScope): JsonObject {
  const body = structuredClone(deployed) as Loose;
  const search = body.inputs?.[0]?.search as Loose | undefined;
  if (!search || body.inputs.length !== 1 || typeof search.query?.query !== "object" || search.query.query === null) {
    throw new Error(`monitor ${String(body.name)}: replay scopes monitors with exactly one search input that has a query`);
  }
  search.indices = [scope.index];
  search.query.query = { bool: { must: [search.query.query], filter: [{ term: { [REPLAY_MARKER_FIELD]: scope.marker } }] } };
  return body as JsonObject;
}

/**
 * The inverse, for checks: the body with the index and the scope removed
 * (`indices` set to `indices`, the scope's bool unwrapped). Throws when the
 * body is not one scopeMonitorToReplay produced.
 */
export function unscopeReplayMonitor(replayed: JsonObject, indices: readonly string[]): JsonObject {
  const body = structuredClone(replayed) as Loose;
  const search = body.inputs?.[0]?.search as Loose;
  const bool = search?.query?.query?.bool as Loose | undefined;
  const scoped = bool && Object.keys(bool).length === 2 && bool.must?.length === 1 && bool.filter?.length === 1 && bool.filter[0]?.term?.[REPLAY_MARKER_FIELD] !== undefined;
  if (!scoped) throw new Error(`monitor ${String(body.name)} is not scoped to a replay fixture`);
  search.query.query = bool.must[0];
  search.indices = [...indices];
  return body as JsonObject;
}
