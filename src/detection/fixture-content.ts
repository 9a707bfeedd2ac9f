/**
 * What `dac validate` checks inside a replay fixture: that it holds events at
 * all, that every line is a JSON object and that every event carries the
 * detection's timestamp field. Without these a benign fixture "passes" by
 * holding nothing the engine can read, and an attack fixture fails with a
 * count mismatch that hides the cause.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { displayPath } from "./discover.ts";

export interface FixtureProblem {
  readonly code: string;
  readonly message: string;
  /** `file:line` inside the fixture, when one line is at fault. */
  readonly where?: string;
  readonly notes: readonly string[];
}

/** The text of an NDJSON fixture, gunzipped when it starts with gzip's magic bytes, without a UTF-8 BOM. */
export function readFixtureText(file: string): string {
  const raw = readFileSync(file);
  const gzipped = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  if (!gzipped && file.endsWith(".gz")) throw new Error("not gzip data (no gzip header)");
  const text = (gzipped ? gunzipSync(raw) : raw).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads `a.b.c` from an event, as a dotted key or nested objects (both are valid ECS JSON). */
function readField(event: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(event, field)) return event[field];
  const dot = field.indexOf(".");
  if (dot === -1) return undefined;
  for (let i = dot; i !== -1; i = field.indexOf(".", i + 1)) {
    const head = event[field.slice(0, i)];
    if (typeof head === "object" && head !== null && !Array.isArray(head)) {
      const found = readField(head as Record<string, unknown>, field.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function checkFixtureContent(file: string, timestampField: string): FixtureProblem[] {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFixtureText(file);
  } catch (err) {
    return [{ code: "detection/fixture-unreadable", message: `cannot read fixture ${shown}: ${(err as Error).message}`, notes: [] }];
  }
  let events = 0;
  let untimed = 0;
  let firstUntimed: number | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      return [{ code: "detection/fixture-invalid-event", message: `line ${i + 1} of fixture ${shown} is not valid JSON (${(err as Error).message})`, where: `${shown}:${i + 1}`, notes: [] }];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return [{ code: "detection/fixture-invalid-event", message: `line ${i + 1} of fixture ${shown} is not a JSON object`, where: `${shown}:${i + 1}`, notes: [] }];
    }
    events++;
    const record = value as Record<string, unknown>;
    const source = typeof record._source === "object" && record._source !== null ? (record._source as Record<string, unknown>) : record;
    const ts = readField(source, timestampField);
    if (ts === undefined || ts === null || ts === "") {
      untimed++;
      firstUntimed ??= i + 1;
    }
  }
  if (events === 0) return [{ code: "detection/fixture-empty", message: `fixture ${shown} holds no events`, notes: ["a fixture is one ECS event (JSON object) per line"] }];
  if (untimed > 0) {
    return [
      {
        code: "detection/fixture-no-timestamp",
        message: `${untimed} of ${events} events in fixture ${shown} have no "${timestampField}"`,
        where: `${shown}:${firstUntimed}`,
        notes: ["EQL orders and windows events by their timestamp; an event without one is never seen by the rule"],
      },
    ];
  }
  return [];
}
