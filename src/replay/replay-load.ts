/**
 * Loads a replay run's fixtures into its shared indices (replay-layout.ts) at
 * close to raw `_bulk` speed: the indices created once with their mappings,
 * every fixture rebased to the same `now` and tagged with its marker, `_bulk`
 * bodies cut by size and each sent as soon as it is cut (`concurrency` lanes
 * in parallel, while the next ones are serialised), one refresh at the end.
 * Each fixture goes whole to one lane (the one with the fewest bytes so
 * far), and a lane sends its requests one after the other: a fixture's
 * events are written in file order (sample monitors read `_seq_no`) without
 * a large fixture cut across requests holding back the other lanes. Sequence monitors order
 * timestamp ties by `_id`, not write order; the ids `<marker>:<file>:<line>`
 * sort in file order (digit runs compare as numbers), as offline.
 */
import type { Client } from "@opensearch-project/opensearch";
import { describeClientError } from "./ecs-template.ts";
import type { FixtureEvent } from "./fixtures.ts";
import { collectEventTimes, REBASED_DATE_FIELDS, rebaseEvents } from "./rebase.ts";
import type { ReplayLayout } from "./replay-layout.ts";
import { REPLAY_MARKER_FIELD } from "./replay-scope.ts";

/** Events land this far before `period_end`, so clock rounding never pushes the last one out. */
export const SETTLE_MS = 1000;

export interface LoadedFixture {
  readonly index: string;
  readonly marker: string;
  readonly total: number;
  readonly indexed: number;
  /** One line per rejected document: `<id>: <reason>` (first 20). */
  readonly errors: readonly string[];
  /** Rebased earliest timestamp (epoch millis), NaN when no event has one. */
  readonly first: number;
  /**
   * Every rebased time in `timeFields`, ascending; undefined when one of them
   * holds a value replay cannot place (see collectEventTimes).
   */
  readonly times?: readonly number[];
  /** The fields `times` covers: the timestamp field, `@timestamp` and the other rebased date fields. */
  readonly timeFields: readonly string[];
}

export interface ReplayLoad {
  /** By fixtureSlotKey. */
  readonly fixtures: ReadonlyMap<string, LoadedFixture>;
  /** The `period_end` every case runs at: the fixtures' latest events sit SETTLE_MS before it. */
  readonly periodEnd: number;
  readonly events: number;
  readonly bytes: number;
  /** Index creation, `_bulk` and refresh. */
  readonly tookMs: number;
}

export interface LoadOptions {
  readonly now?: number;
  /** `_bulk` requests in flight (default 2: one per core of a small node). */
  readonly concurrency?: number;
  /** Target `_bulk` body size in bytes (default 5 MiB, the size OpenSearch's docs suggest starting from). */
  readonly maxBytes?: number;
  /** The layout's indices, already being created (createReplayIndices); by default the load creates them. */
  readonly created?: Promise<void>;
}

interface Chunk {
  /**
   * The `_bulk` body so far, each line UTF-8 encoded into it as soon as it is
   * serialised: the line strings die young instead of being held (and copied
   * by the collector) until a 5 MiB join, and the request sends these bytes
   * as they are.
   */
  readonly body: Buffer;
  /** Bytes of `body` in use. */
  used: number;
  /** Per document, in order: its fixture's marker and its id in the fixture (rejections are read by position). */
  readonly docs: { readonly marker: string; readonly id: string }[];
}

/** A chunk that can take `units` more UTF-16 code units of text: room for 3 bytes each (UTF-8's worst case) plus the newlines. */
function openChunk(units: number, maxBytes: number): Chunk {
  return { body: Buffer.allocUnsafe(Math.max(maxBytes, units * 3 + 2)), used: 0, docs: [] };
}

function hasRoom(chunk: Chunk, units: number): boolean {
  return chunk.used + units * 3 + 2 <= chunk.body.length;
}

/** Appends a line made of `parts` and a newline; returns the bytes written. */
function appendLine(chunk: Chunk, ...parts: readonly string[]): number {
  const start = chunk.used;
  for (const part of parts) chunk.used += chunk.body.write(part, chunk.used);
  chunk.body[chunk.used++] = 0x0a;
  return chunk.used - start;
}

/** Exported documents may carry `_id`/`_index` in the body; `_bulk` refuses metadata fields there. */
export function withoutMetadata(source: Record<string, unknown>): Record<string, unknown> {
  if (!("_id" in source) && !("_index" in source)) return source;
  const { _id: _ignoredId, _index: _ignoredIndex, ...rest } = source;
  return rest;
}

/** The document with the marker as its first field, as pieces written one after the other (no copy of the event's JSON text). */
function markDocument(json: string, marker: string): readonly [string, string] {
  const field = `{${JSON.stringify(REPLAY_MARKER_FIELD)}:${JSON.stringify(marker)}`;
  return json === "{}" ? [field, "}"] : [`${field},`, json.slice(1)];
}

/** Creates the layout's shared indices with their mappings (and the marker field), all at once. */
export function createReplayIndices(client: Client, layout: ReplayLayout): Promise<void> {
  return Promise.all(
    [...layout.indices].map(async ([index, mappings]) => {
      const properties = { ...(mappings as { properties: Record<string, unknown> }).properties, [REPLAY_MARKER_FIELD]: { type: "keyword" } };
      try {
        await client.indices.create({ index, body: { mappings: { ...mappings, properties } } as never });
      } catch (err) {
        throw new Error(`while creating replay index ${index}: ${describeClientError(err)}`);
      }
    }),
  ).then(() => undefined);
}

export async function loadReplayFixtures(client: Client, layout: ReplayLayout, readEvents: (file: string) => readonly FixtureEvent[], options: LoadOptions = {}): Promise<ReplayLoad> {
  const started = performance.now();
  const periodEnd = options.now ?? Date.now();
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  // Created while the bulk bodies are built (or earlier, by the caller): the cluster-state updates overlap the serialisation.
  const created = options.created ?? createReplayIndices(client, layout);
  // Rejections are awaited below; this keeps an early one from being reported as unhandled meanwhile.
  created.catch(() => undefined);
  const sender = createChunkSender(client, created);
  // One open chunk and a byte count per lane; a fixture goes whole to the lightest lane.
  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, (_, lane) => ({ lane, bytes: 0, chunk: undefined as Chunk | undefined }));
  const firsts = new Map<string, { slot: string; first: number; total: number; times: readonly number[] | undefined; timeFields: readonly string[] }>();
  let bytes = 0;
  let events = 0;
  for (const [key, slot] of layout.slots) {
    const fixture = readEvents(slot.file);
    const rebased = rebaseEvents(fixture.map((e) => withoutMetadata(e.source)), { now: periodEnd - SETTLE_MS, timestampField: slot.timestampField });
    const timeFields = [...new Set([slot.timestampField, "@timestamp", ...REBASED_DATE_FIELDS])];
    firsts.set(slot.marker, { slot: key, first: rebased.first, total: fixture.length, times: collectEventTimes(rebased.events, timeFields), timeFields });
    const lane = lanes.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    // `_id` = marker:fixture id ("file:line"): sequence and sample monitors order
    // equal timestamps by `_id` (digit runs as numbers), so these ids keep a
    // fixture's ties in file order, the order `dac test --offline` gives them.
    // Node-assigned ids would be faster (no per-document lookup) but random.
    for (let i = 0; i < rebased.events.length; i++) {
      const action = `{"index":{"_index":${JSON.stringify(slot.index)},"_id":${JSON.stringify(`${slot.marker}:${(fixture[i] as FixtureEvent).id}`)}}}`;
      const doc = markDocument(JSON.stringify(rebased.events[i]), slot.marker);
      const units = action.length + doc[0].length + doc[1].length;
      if (!lane.chunk || !hasRoom(lane.chunk, units)) {
        if (lane.chunk) await sender.send(lane.chunk, lane.lane);
        lane.chunk = openChunk(units, maxBytes);
      }
      const size = appendLine(lane.chunk, action) + appendLine(lane.chunk, ...doc);
      lane.chunk.docs.push({ marker: slot.marker, id: (fixture[i] as FixtureEvent).id });
      lane.bytes += size;
      bytes += size;
    }
    events += fixture.length;
  }
  for (const lane of lanes) if (lane.chunk) await sender.send(lane.chunk, lane.lane);
  await created;
  const rejected = await sender.done();
  const indices = [...layout.indices.keys()];
  if (indices.length > 0) {
    try {
      await client.indices.refresh({ index: indices.join(",") });
    } catch (err) {
      throw new Error(`while refreshing ${indices.join(", ")}: ${describeClientError(err)}`);
    }
  }
  const fixtures = new Map<string, LoadedFixture>();
  for (const [marker, { slot, first, total, times, timeFields }] of firsts) {
    const s = layout.slots.get(slot)!;
    const errors = rejected.get(marker) ?? { count: 0, lines: [] };
    fixtures.set(slot, { index: s.index, marker, total, indexed: total - errors.count, errors: errors.lines, first, ...(times ? { times } : {}), timeFields });
  }
  return { fixtures, periodEnd, events, bytes, tookMs: performance.now() - started };
}

type BulkItem = Record<string, { status?: number; error?: { type?: string; reason?: string } }>;

/**
 * Sends each chunk as soon as it is built (the rest is serialised
 * meanwhile), each lane's chunks one after the other, the lanes in
 * parallel; rejections by marker.
 */
function createChunkSender(client: Client, ready: Promise<unknown>) {
  const rejected = new Map<string, { count: number; lines: string[] }>();
  const sent: Promise<void>[] = [];
  const previous = new Map<number, Promise<void>>();
  const post = async (chunk: Chunk, after: Promise<void>): Promise<void> => {
    await ready;
    await after;
    let response;
    try {
      // Only each item's status and error come back: a 5 MiB request otherwise answers with a 1 MiB list of successes.
      response = await client.bulk({ body: chunk.body.subarray(0, chunk.used), filter_path: "errors,items.*.error,items.*.status" } as never);
    } catch (err) {
      throw new Error(`while loading ${chunk.docs.length} fixture events: ${describeClientError(err)}`);
    }
    const body = response.body as { errors?: boolean; items?: BulkItem[] };
    if (!body.errors) return;
    (body.items ?? []).forEach((item, i) => {
      const result = Object.values(item)[0];
      if (!result?.error) return;
      const doc = chunk.docs[i] ?? { marker: "?", id: "?" };
      const entry = rejected.get(doc.marker) ?? { count: 0, lines: [] };
      entry.count++;
      if (entry.lines.length < 20) entry.lines.push(`${doc.id}: ${result.error.type ?? "error"}: ${result.error.reason ?? ""}`);
      rejected.set(doc.marker, entry);
    });
  };
  return {
    async send(chunk: Chunk, lane: number): Promise<void> {
      const p = post(chunk, previous.get(lane) ?? Promise.resolve());
      // Awaited in done(); this keeps an early failure from being reported as unhandled meanwhile.
      p.catch(() => undefined);
      sent.push(p);
      previous.set(lane, p.catch(() => undefined));
      // Let the request go out before the next chunk is serialised.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async done(): Promise<Map<string, { count: number; lines: string[] }>> {
      await Promise.all(sent);
      return rejected;
    },
  };
}
