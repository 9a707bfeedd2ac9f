import { describe, expect, it } from "vitest";
import { fixtureSlotKey, flattenMappings, planReplayLayout, type FixtureEvent } from "../../src/replay/index.ts";

const files: Record<string, FixtureEvent[]> = {
  "a.ndjson": [{ id: "a:1", index: "a", source: { "@timestamp": "2026-01-01T00:00:00Z", host: { name: "H1" }, winlog: { event_id: 4624 } } }],
  "b.ndjson": [{ id: "b:1", index: "b", source: { "@timestamp": "2026-01-01T00:00:00Z", host: { name: "H2" }, process: { pid: 4 } } }],
  // winlog.event_id as a string: keyword here, long in a.ndjson.
  "c.ndjson": [{ id: "c:1", index: "c", source: { "@timestamp": "2026-01-01T00:00:00Z", winlog: { event_id: "4624" } } }],
  // `labels` as a value here, an object in d2.
  "d.ndjson": [{ id: "d:1", index: "d", source: { custom: "x" } }],
  "d2.ndjson": [{ id: "d2:1", index: "d2", source: { custom: { inner: "y" } } }],
};
const read = (f: string) => files[f]!;

describe("planReplayLayout", () => {
  it("shares an index between fixtures whose common fields map alike, and splits those that conflict", () => {
    const layout = planReplayLayout(["a.ndjson", "b.ndjson", "c.ndjson", "d.ndjson", "d2.ndjson"].map((file) => ({ file, timestampField: "@timestamp" })), read, "r1");
    const indexOf = (f: string) => layout.slots.get(fixtureSlotKey(f, "@timestamp"))!.index;
    expect(indexOf("a.ndjson")).toBe(indexOf("b.ndjson"));
    expect(indexOf("c.ndjson")).not.toBe(indexOf("a.ndjson"));
    expect(indexOf("d2.ndjson")).not.toBe(indexOf("d.ndjson"));
    expect(layout.indices.size).toBe(2);
    // Each fixture keeps the mapping its own index would have had.
    const flat = (f: string) => flattenMappings((layout.indices.get(indexOf(f)) as { properties: Record<string, unknown> }).properties);
    expect(JSON.parse(flat("a.ndjson").get("winlog.event_id")!)).toEqual({ type: "long" });
    expect(JSON.parse(flat("c.ndjson").get("winlog.event_id")!)).toMatchObject({ type: "keyword" });
  });

  it("gives a fixture one marker per timestamp field, and reuses it across tests", () => {
    const layout = planReplayLayout(
      [
        { file: "a.ndjson", timestampField: "@timestamp" },
        { file: "a.ndjson", timestampField: "event.created" },
        { file: "a.ndjson", timestampField: "@timestamp" },
      ],
      read,
      "r1",
    );
    expect([...layout.slots.values()].map((s) => s.marker)).toEqual(["f0", "f1"]);
    expect(new Set([...layout.slots.values()].map((s) => s.index)).size).toBe(1);
  });
});
