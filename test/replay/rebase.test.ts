import { describe, expect, it } from "vitest";
import { collectEventTimes, rebaseEvents } from "../../src/replay/rebase.ts";

const NOW = Date.parse("2030-01-01T12:00:00.000Z");

describe("rebaseEvents", () => {
  it("moves the latest event to now and keeps every gap", () => {
    const events = [
      { "@timestamp": "2020-10-19T07:30:41.104Z", n: 1 },
      { "@timestamp": "2020-10-19T07:30:41.204Z", n: 2 },
      { "@timestamp": "2020-10-19T07:30:53.401Z", n: 3 },
    ];
    const out = rebaseEvents(events, { now: NOW });
    const times = out.events.map((e) => Date.parse(e["@timestamp"] as string));
    expect(times.at(-1)).toBe(NOW);
    expect(times[1]! - times[0]!).toBe(100);
    expect(times[2]! - times[1]!).toBe(12_197);
    expect(out.spanMs).toBe(12_297);
    expect(out.first).toBe(NOW - 12_297);
    expect(out.shiftMs).toBe(NOW - Date.parse("2020-10-19T07:30:53.401Z"));
  });

  it("uses the latest timestamp even when events are out of order, and does not mutate its input", () => {
    const events = [{ "@timestamp": "2026-03-02T09:14:06.000Z" }, { "@timestamp": "2026-03-02T09:14:05.000Z" }];
    const out = rebaseEvents(events, { now: NOW });
    expect(out.events.map((e) => e["@timestamp"])).toEqual([new Date(NOW).toISOString(), new Date(NOW - 1000).toISOString()]);
    expect(events[0]!["@timestamp"]).toBe("2026-03-02T09:14:06.000Z");
  });

  it("shifts event.created and event.ingested by the same amount, nested or dotted", () => {
    const events = [
      { "@timestamp": "2026-01-01T00:00:00.000Z", event: { created: "2026-01-01T00:00:01.000Z" } },
      { "@timestamp": "2026-01-01T00:00:10.000Z", "event.ingested": "2026-01-01T00:00:12.000Z" },
    ];
    const out = rebaseEvents(events, { now: NOW });
    expect((out.events[0]!["event"] as { created: string }).created).toBe(new Date(NOW - 9000).toISOString());
    expect(out.events[1]!["event.ingested"]).toBe(new Date(NOW + 2000).toISOString());
  });

  it("honours another timestamp field and epoch millis", () => {
    const out = rebaseEvents([{ ts: 1000 }, { ts: 4000 }], { now: NOW, timestampField: "ts" });
    expect(out.events.map((e) => Date.parse(e["ts"] as string))).toEqual([NOW - 3000, NOW]);
  });

  it("leaves events without a timestamp alone and counts them", () => {
    const out = rebaseEvents([{ "@timestamp": "not a date", a: 1 }, { "@timestamp": "2026-01-01T00:00:00Z" }], { now: NOW });
    expect(out.untimed).toBe(1);
    expect(out.events[0]!["@timestamp"]).toBe("not a date");
    expect(out.events[1]!["@timestamp"]).toBe(new Date(NOW).toISOString());
  });

  it("never changes the input's nested objects, and copies exactly those it shifts", () => {
    const events = [{ "@timestamp": "2026-01-01T00:00:00.000Z", event: { created: "2026-01-01T00:00:01.000Z", code: "4624" }, host: { name: "a" } }];
    const before = structuredClone(events);
    const out = rebaseEvents(events, { now: NOW });
    expect(events).toEqual(before);
    expect(out.events[0]).not.toBe(events[0]);
    expect(out.events[0]!["event"]).not.toBe(events[0]!.event);
    expect(out.events[0]!["event"]).toEqual({ created: new Date(NOW + 1000).toISOString(), code: "4624" });
  });
});

describe("collectEventTimes", () => {
  it("lists every time in the fields, ascending, and gives up on a time it cannot place", () => {
    expect(collectEventTimes([{ "@timestamp": "2026-01-01T00:00:01Z", event: { created: 5 } }, { "@timestamp": "2026-01-01T00:00:00.000+00:00" }], ["@timestamp", "event.created"])).toEqual([
      5,
      Date.parse("2026-01-01T00:00:00Z"),
      Date.parse("2026-01-01T00:00:01Z"),
    ]);
    expect(collectEventTimes([{ "@timestamp": "2026-01-01 00:00:00" }], ["@timestamp"])).toBeUndefined();
    expect(collectEventTimes([{ "@timestamp": ["2026-01-01T00:00:00Z"] }], ["@timestamp"])).toBeUndefined();
  });
});
