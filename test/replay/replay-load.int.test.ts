import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { connectReplayClient, deleteReplayIndices, installReplayTemplate, loadReplayFixtures, planReplayLayout, readFixtureEvents, REPLAY_MARKER_FIELD } from "../../src/replay/index.ts";

/**
 * Loading on the shared real node: fixtures larger than one `_bulk` request,
 * loaded in parallel lanes, are each written in file order (sample monitors
 * order ties by `_seq_no`), and every event is searchable after the load.
 */
const url = inject("opensearchUrl");
const dir = mkdtempSync(join(tmpdir(), "dac-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("replay load in lanes", () => {
  it("writes each fixture in file order, however many requests and lanes it spans", async () => {
    // Five fixtures of 400 events each, all at the same second (every tie falls back to write order).
    const files = [0, 1, 2, 3, 4].map((f) => {
      const file = join(dir, `fixture-${f}.ndjson`);
      const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ "@timestamp": "2024-05-01T10:00:00.000Z", event: { code: "4688", sequence: i }, host: { name: `H${f}` } }));
      writeFileSync(file, `${lines.join("\n")}\n`);
      return file;
    });
    const client = connectReplayClient({ url });
    try {
      await installReplayTemplate(client);
      const layout = planReplayLayout(files.map((file) => ({ file, timestampField: "@timestamp" })), readFixtureEvents, "intlanes");
      // ~25 kB requests: each fixture spans several, and three lanes interleave them.
      const load = await loadReplayFixtures(client, layout, readFixtureEvents, { concurrency: 3, maxBytes: 25_000 });
      expect(load.events).toBe(2000);
      expect([...load.fixtures.values()].every((f) => f.indexed === 400 && f.errors.length === 0)).toBe(true);
      for (const slot of layout.slots.values()) {
        const response = await client.search({
          index: slot.index,
          body: { query: { term: { [REPLAY_MARKER_FIELD]: slot.marker } }, size: 1000, seq_no_primary_term: true, sort: [{ _seq_no: "asc" }], _source: ["event.sequence"] } as never,
        });
        const hits = (response.body as { hits: { hits: { _source: { event: { sequence: number } } }[] } }).hits.hits;
        expect(hits.map((h) => h._source.event.sequence)).toEqual(Array.from({ length: 400 }, (_, i) => i));
      }
    } finally {
      await deleteReplayIndices(client, "dac-replay-fixtures-*-intlanes");
      await client.close();
    }
  }, 120_000);
});
