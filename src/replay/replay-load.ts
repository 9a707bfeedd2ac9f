/**
 * Loads a replay run's fixtures into its shared indices (replay-layout.ts) at
 * close to raw `_bulk` speed: the indices created once with their mappings,
 * every fixture rebased to the same `now` and tagged with its marker, `_bulk`
 * bodies cut by size and sent `concurrency` at a time, one refresh at the end.
 * A fixture's events stay in file order inside one request, or in requests
 * sent one after the other when it is larger than one. Sequence monitors order
 * timestamp ties by `_id`, not write order; the ids `<marker>:<file>:<line>`
 * sort in file order (digit runs compare as numbers), as offline.
 */
import type { Client } from "@opensearch-project/opensearch";
import pLimit from "p-limit";
import { describeClientError } from "./ecs-template.ts";
import type { FixtureEvent } from "./fixtures.ts";
import { rebaseEvents } from "./rebase.ts";
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
}

interface Chunk {
  readonly lines: string[];
  bytes: number;
  /** Starts in the middle of a fixture: must be sent after the previous chunk. */
  readonly continues: boolean;
}

/** Exported documents may carry `_id`/`_index` in the body; `_bulk` refuses metadata fields there. */
export function withoutMetadata(source: Record<string, unknown>): Record<string, unknown> {
  if (!("_id" in source) && !("_index" in source)) return source;
  const { _id: _ignoredId, _index: _ignoredIndex, ...rest } = source;
  return rest;
}

/** The document with the marker as its first field (spliced into the JSON text: no copy of the event). */
function markDocument(json: string, marker: string): string {
  const field = `{${JSON.stringify(REPLAY_MARKER_FIELD)}:${JSON.stringify(marker)}`;
  return json === "{}" ? `${field}}` : `${field},${json.slice(1)}`;
}

export async function loadReplayFixtures(client: Client, layout: ReplayLayout, readEvents: (file: string) => readonly FixtureEvent[], options: LoadOptions = {}): Promise<ReplayLoad> {
  const started = performance.now();
  const periodEnd = options.now ?? Date.now();
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  // Created while the bulk bodies are built: the cluster-state updates overlap the serialisation.
  const created = Promise.all(
    [...layout.indices].map(async ([index, mappings]) => {
      const properties = { ...(mappings as { properties: Record<string, unknown> }).properties, [REPLAY_MARKER_FIELD]: { type: "keyword" } };
      try {
        await client.indices.create({ index, body: { mappings: { ...mappings, properties } } as never });
      } catch (err) {
        throw new Error(`while creating replay index ${index}: ${describeClientError(err)}`);
      }
    }),
  );
  // Rejections are awaited below; this keeps an early one from being reported as unhandled meanwhile.
  created.catch(() => undefined);
  const chunks: Chunk[] = [];
  const firsts = new Map<string, { slot: string; first: number; total: number }>();
  let bytes = 0;
  let events = 0;
  for (const [key, slot] of layout.slots) {
    const fixture = readEvents(slot.file);
    const rebased = rebaseEvents(fixture.map((e) => withoutMetadata(e.source)), { now: periodEnd - SETTLE_MS, timestampField: slot.timestampField });
    firsts.set(slot.marker, { slot: key, first: rebased.first, total: fixture.length });
    let chunk = chunks.at(-1);
    rebased.events.forEach((event, i) => {
      // Ids are per file: the marker keeps two fixtures' `a.ndjson:1` apart.
      const action = `{"index":{"_index":${JSON.stringify(slot.index)},"_id":${JSON.stringify(`${slot.marker}:${(fixture[i] as FixtureEvent).id}`)}}}`;
      const doc = markDocument(JSON.stringify(event), slot.marker);
      const size = action.length + doc.length + 2;
      if (!chunk || (chunk.bytes + size > maxBytes && chunk.lines.length > 0)) chunks.push((chunk = { lines: [], bytes: 0, continues: i > 0 }));
      chunk.lines.push(action, doc);
      chunk.bytes += size;
      bytes += size;
    });
    events += fixture.length;
  }
  await created;
  const rejected = await sendChunks(client, chunks, Math.max(1, options.concurrency ?? 2));
  const indices = [...layout.indices.keys()];
  if (indices.length > 0) {
    try {
      await client.indices.refresh({ index: indices.join(",") });
    } catch (err) {
      throw new Error(`while refreshing ${indices.join(", ")}: ${describeClientError(err)}`);
    }
  }
  const fixtures = new Map<string, LoadedFixture>();
  for (const [marker, { slot, first, total }] of firsts) {
    const s = layout.slots.get(slot)!;
    const errors = rejected.get(marker) ?? { count: 0, lines: [] };
    fixtures.set(slot, { index: s.index, marker, total, indexed: total - errors.count, errors: errors.lines, first });
  }
  return { fixtures, periodEnd, events, bytes, tookMs: performance.now() - started };
}

type BulkItem = Record<string, { _id?: string; error?: { type?: string; reason?: string } }>;

/** Sends chunks in lanes (a lane: a chunk and the ones that continue its fixture); rejections by marker. */
async function sendChunks(client: Client, chunks: readonly Chunk[], concurrency: number): Promise<Map<string, { count: number; lines: string[] }>> {
  const lanes: Chunk[][] = [];
  for (const chunk of chunks) {
    if (chunk.continues && lanes.length > 0) lanes.at(-1)!.push(chunk);
    else lanes.push([chunk]);
  }
  const rejected = new Map<string, { count: number; lines: string[] }>();
  const limit = pLimit(concurrency);
  await Promise.all(
    lanes.map((lane) =>
      limit(async () => {
        for (const chunk of lane) {
          let response;
          try {
            // Only failed items come back: a 5 MiB request otherwise answers with a 1 MiB list of successes.
            response = await client.bulk({ body: `${chunk.lines.join("\n")}\n`, filter_path: "errors,items.*.error,items.*._id" } as never);
          } catch (err) {
            throw new Error(`while loading ${chunk.lines.length / 2} fixture events: ${describeClientError(err)}`);
          }
          const body = response.body as { errors?: boolean; items?: BulkItem[] };
          if (!body.errors) continue;
          for (const item of body.items ?? []) {
            const result = Object.values(item)[0];
            if (!result?.error) continue;
            const id = result._id ?? "?";
            const marker = id.slice(0, id.indexOf(":"));
            const entry = rejected.get(marker) ?? { count: 0, lines: [] };
            entry.count++;
            if (entry.lines.length < 20) entry.lines.push(`${id.slice(marker.length + 1)}: ${result.error.type ?? "error"}: ${result.error.reason ?? ""}`);
            rejected.set(marker, entry);
          }
        }
      }),
    ),
  );
  return rejected;
}
