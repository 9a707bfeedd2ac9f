/**
 * Exact window skipping. A bucket-level monitor whose aggregations are all
 * top-level composites aggregates only the documents its query matches: a
 * window in which no document matches that query returns no bucket, so it
 * raises nothing, and it answers exactly as every other such window of the
 * same monitor on the same index does (nothing the query could see differs).
 * So replay finds, in one search per monitor query and index, the documents of
 * every fixture that match the monitor's query with the time window opened
 * to all time (its `{{period_end}}` range replaced by `match_all`, the rest
 * of the query byte-identical), and runs a case's monitor only in the
 * windows holding one of its fixture's candidates. One empty window per
 * monitor and index is still run (the probe): when it answers with an alert
 * or an error (a script that fails to compile fails on no documents too),
 * every case of that monitor and index runs all its windows, as before.
 * The windows that do run execute the monitor unchanged.
 * The same search counts each fixture's composite keys (the monitor's own
 * sources, after a marker source) over all its candidates: a window's
 * documents are a subset of them, so when a fixture has fewer keys than the
 * monitor's page size, the first page of every window holds all its
 * buckets and the evaluator need not ask for the (empty) next one
 * (EvaluateOptions.singlePage).
 */
import type { Client } from "@opensearch-project/opensearch";
import type { JsonObject } from "../sync/index.ts";
import type { MonitorRun } from "./cluster-monitors.ts";
import { describeClientError } from "./ecs-template.ts";
import { REPLAY_MARKER_FIELD } from "./replay-scope.ts";

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Margin around a window when looking for its candidates: date math and clocks round to the second. */
export const CANDIDATE_MARGIN_MS = 1000;

/** `index.max_result_window`'s default: one page of hits is all a candidate search reads. */
const MAX_CANDIDATES = 10_000;

export interface CandidateSearch {
  /** The monitor's query with its window range replaced by `match_all`. */
  readonly query: JsonObject;
  /** The field the window range reads. */
  readonly field: string;
  /** The monitor's only top-level aggregation when it is a composite: its page size and sources. */
  readonly composite?: { readonly size: number; readonly sources: readonly JsonObject[] };
}

/** Name of the marker source put before the monitor's own in the key count (sources are named k0, entity…, never this). */
const MARKER_SOURCE = "dac_replay_fixture";

/** Composite pages read when counting keys before giving up (the cases then page as the monitor does). */
const MAX_KEY_PAGES = 10;

/**
 * The candidate search of a deployed (unscoped) monitor body, or undefined
 * when its shape does not guarantee that a window without candidates raises
 * nothing: not bucket-level, an aggregation other than a top-level composite
 * (a `global` one sees past the query), a `post_filter`, no
 * `bool.filter[0]` range on `{{period_end}}`, or another Mustache tag in the
 * query (it would need the window's parameters).
 */
export function candidateSearchOf(deployed: JsonObject): CandidateSearch | undefined {
  const body = deployed as Loose;
  if (body.monitor_type !== "bucket_level_monitor" || body.inputs?.length !== 1) return undefined;
  const search = body.inputs[0]?.search?.query as Loose | undefined;
  if (!search || typeof search !== "object" || search.post_filter !== undefined) return undefined;
  const aggs = (search.aggregations ?? search.aggs) as Loose | undefined;
  const compositeOnly = (a: unknown) => typeof a === "object" && a !== null && "composite" in a && Object.keys(a).every((k) => k === "composite" || k === "aggs" || k === "aggregations");
  if (!aggs || !Object.values(aggs).every(compositeOnly)) return undefined;
  const bool = search.query?.bool as Loose | undefined;
  const range = Array.isArray(bool?.filter) ? (bool.filter[0] as Loose | undefined)?.range : undefined;
  if (!range || typeof range !== "object" || Object.keys(range).length !== 1) return undefined;
  const [field, bounds] = Object.entries(range as Loose)[0] as [string, Loose];
  if (!JSON.stringify(bounds).includes("{{period_end}}")) return undefined;
  const query = structuredClone(search.query) as Loose;
  // match_all, not removal: the bool keeps a filter clause, so its `should` stays optional as in the monitor.
  query.bool.filter[0] = { match_all: {} };
  if (JSON.stringify(query).includes("{{")) return undefined;
  const only = Object.values(aggs).length === 1 ? (Object.values(aggs)[0] as Loose).composite : undefined;
  const sources = only?.sources as Loose[] | undefined;
  const composite =
    Array.isArray(sources) && typeof only.size === "number" && !sources.some((src) => MARKER_SOURCE in src) ? { composite: { size: only.size as number, sources: sources as JsonObject[] } } : {};
  return { query: query as JsonObject, field, ...composite };
}

export interface Candidates {
  /** The ascending times (the window field, epoch millis) of the fixture's candidate documents. */
  readonly times: readonly number[];
  /** The number of distinct composite keys over those documents, when counted. */
  readonly keys?: number;
}

/**
 * Per marker, its candidates in `index` (see the file comment); undefined
 * when they do not fit in one page of hits (the caller then runs every
 * window).
 */
export async function findCandidates(client: Client, index: string, search: CandidateSearch, markers: readonly string[]): Promise<Map<string, Candidates> | undefined> {
  // `must`, as the replay scope wraps the monitor's query: the same documents match.
  const query = { bool: { must: [search.query], filter: [{ terms: { [REPLAY_MARKER_FIELD]: [...markers] } }] } };
  const keyCount = (after?: unknown) =>
    search.composite
      ? { aggregations: { dac_replay_keys: { composite: { size: MAX_CANDIDATES, sources: [{ [MARKER_SOURCE]: { terms: { field: REPLAY_MARKER_FIELD } } }, ...search.composite.sources], ...(after !== undefined ? { after } : {}) } } } }
      : {};
  const run = async (body: Loose): Promise<Loose> => {
    try {
      return (await client.search({ index, body: body as never })).body as Loose;
    } catch (err) {
      throw new Error(`while finding candidate events in ${index}: ${describeClientError(err)}`);
    }
  };
  let response = await run({ query, size: MAX_CANDIDATES, track_total_hits: true, _source: false, docvalue_fields: [{ field: search.field, format: "epoch_millis" }, REPLAY_MARKER_FIELD], ...keyCount() });
  const hits = response.hits as { total: { value: number; relation: string }; hits: { fields?: Record<string, unknown[]> }[] };
  if (hits.total.relation !== "eq" || hits.total.value !== hits.hits.length) return undefined;
  const times = new Map<string, number[]>(markers.map((m) => [m, []]));
  for (const hit of hits.hits) {
    const marker = hit.fields?.[REPLAY_MARKER_FIELD]?.[0];
    const list = typeof marker === "string" ? times.get(marker) : undefined;
    if (!list) return undefined;
    // A document without the field matches no window's range; each value of a multi-valued one may.
    for (const value of hit.fields?.[search.field] ?? []) {
      const t = Number(value);
      if (!Number.isFinite(t)) return undefined;
      list.push(t);
    }
  }
  for (const list of times.values()) list.sort((a, b) => a - b);
  let keys: Map<string, number> | undefined = search.composite ? new Map(markers.map((m) => [m, 0])) : undefined;
  for (let page = 0; keys; page++) {
    const agg = response.aggregations?.dac_replay_keys as { buckets: { key: Record<string, unknown> }[]; after_key?: unknown } | undefined;
    for (const bucket of agg?.buckets ?? []) {
      const marker = String(bucket.key[MARKER_SOURCE]);
      keys.set(marker, (keys.get(marker) ?? 0) + 1);
    }
    if (!agg || agg.buckets.length === 0 || agg.after_key === undefined) break;
    if (page + 1 >= MAX_KEY_PAGES) keys = undefined;
    else response = await run({ query, size: 0, ...keyCount(agg.after_key) });
  }
  return new Map(markers.map((m) => [m, { times: times.get(m) as number[], ...(keys ? { keys: keys.get(m) as number } : {}) }]));
}

/** True when the ascending `times` hold one in [from, to]. */
export function hasTimeBetween(times: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length && (times[lo] as number) <= to;
}

/** The window ends among `ends` with a candidate inside (margin included). */
export function selectCandidateWindows(ends: readonly number[], windowMs: number, times: readonly number[]): number[] {
  return ends.filter((end) => hasTimeBetween(times, end - windowMs - CANDIDATE_MARGIN_MS, end + CANDIDATE_MARGIN_MS));
}

/** A run that raised nothing and failed nowhere: what a window without candidates must answer for skipping it to be exact. */
export function isQuietRun(run: MonitorRun): boolean {
  return run.error === null && !run.triggered && run.alerts.every((a) => a.count === 0);
}

/**
 * Picks a case's windows: given its planned window ends, the window length
 * and a way to run its monitor, the ends to run, or undefined to fall back
 * to the default choice.
 */
export type WindowSelector = (ends: readonly number[], windowMs: number, execute: (periodEnd: number) => Promise<MonitorRun>) => Promise<readonly number[] | undefined>;

export interface CandidateCase {
  /** The deployed (unscoped) monitor body. */
  readonly deployed: JsonObject;
  readonly index: string;
  readonly marker: string;
  /** Events in the fixture (candidate searches batch fixtures so that their hits fit in one page). */
  readonly events: number;
}

export interface CandidatePlan {
  readonly selectWindows: WindowSelector;
  /** The fixture has fewer composite keys than the monitor's page: one page per window (EvaluateOptions.singlePage). */
  readonly singlePage: boolean;
}

/**
 * What decides how a monitor answers on a window with no matching document:
 * its type, schedule, search input and trigger conditions; not its name,
 * the triggers' names, ids, severities or actions (clones of a detection
 * under other ids share a probe).
 */
function probeKeyOf(deployed: JsonObject): string {
  const body = deployed as Loose;
  const triggers = ((body.triggers ?? []) as Loose[]).map((t) =>
    Object.fromEntries(Object.entries(t).map(([kind, v]) => [kind, Object.fromEntries(Object.entries(v as Loose).filter(([k]) => !["name", "id", "severity", "actions"].includes(k)))])),
  );
  return JSON.stringify({ monitor_type: body.monitor_type, schedule: body.schedule, inputs: body.inputs, triggers });
}

/**
 * One plan per case (by position in `cases`; undefined where candidates
 * cannot decide). Candidate searches run here, one per candidate search and
 * index (and batch of fixtures holding at most a page of hits); the probe
 * of each (monitor, index) runs, once, when its first case needs it.
 */
export async function planCandidateWindows(client: Client, cases: readonly (CandidateCase | undefined)[]): Promise<(CandidatePlan | undefined)[]> {
  interface Batch {
    readonly index: string;
    readonly search: CandidateSearch;
    readonly markers: Set<string>;
    events: number;
    found?: Map<string, Candidates> | undefined;
  }
  const batches = new Map<string, Batch[]>();
  const probes = new Map<string, Promise<boolean>>();
  const placed = cases.map((c) => {
    if (!c) return undefined;
    const search = candidateSearchOf(c.deployed);
    if (!search) return undefined;
    const key = `${c.index}\u0000${JSON.stringify(search)}`;
    const list = batches.get(key) ?? [];
    batches.set(key, list);
    let batch = list.find((b) => b.markers.has(c.marker));
    if (!batch) {
      batch = list.at(-1);
      if (!batch || (batch.events + c.events > MAX_CANDIDATES && batch.markers.size > 0)) list.push((batch = { index: c.index, search, markers: new Set(), events: 0 }));
      batch.markers.add(c.marker);
      batch.events += c.events;
    }
    return { batch, probeKey: `${c.index}\u0000${probeKeyOf(c.deployed)}` };
  });
  // A failed search decides nothing: those cases run their windows, which report the node's error themselves.
  const all = [...batches.values()].flat();
  await Promise.all(all.map(async (b) => (b.found = await findCandidates(client, b.index, b.search, [...b.markers]).catch(() => undefined))));
  return cases.map((c, i) => {
    const where = placed[i];
    const found = where?.batch.found?.get((c as CandidateCase).marker);
    if (!where || !found) return undefined;
    const size = where.batch.search.composite?.size;
    const singlePage = found.keys !== undefined && size !== undefined && found.keys < size;
    const selectWindows: WindowSelector = async (ends, windowMs, execute) => {
      const picked = selectCandidateWindows(ends, windowMs, found.times);
      if (picked.length === ends.length) return picked;
      // Any skipped window is one without candidates: the probe says how such a window answers.
      const empty = ends.find((end) => !picked.includes(end)) as number;
      let probe = probes.get(where.probeKey);
      if (!probe) probes.set(where.probeKey, (probe = execute(empty).then(isQuietRun, () => false)));
      return (await probe) ? picked : undefined;
    };
    return { selectWindows, singlePage };
  });
}
