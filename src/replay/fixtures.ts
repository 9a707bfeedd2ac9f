/**
 * Reads NDJSON event files (optionally gzipped) as streams of events, each
 * with an id `<file name>:<line>` so alerts can point back at the line.
 * An `_id` in the document wins, for files exported from a cluster.
 */
import { createReadStream, readFileSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync, createGunzip } from "node:zlib";

export interface FixtureEvent {
  readonly id: string;
  readonly index: string;
  readonly source: Record<string, unknown>;
}

export class FixtureParseError extends Error {
  constructor(readonly file: string, readonly line: number, cause: unknown) {
    super(`${file}:${line}: not a JSON object (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** One NDJSON line of `file` (base name `name`) as an event; undefined for a blank line. */
export function parseFixtureLine(file: string, name: string, line: string, lineNo: number): FixtureEvent | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new FixtureParseError(file, lineNo, err);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new FixtureParseError(file, lineNo, "expected an object");
  const source = value as Record<string, unknown>;
  const id = typeof source._id === "string" ? source._id : `${name}:${lineNo}`;
  const index = typeof source._index === "string" ? source._index : name;
  return { id, index, source: "_source" in source && typeof source._source === "object" && source._source !== null ? (source._source as Record<string, unknown>) : source };
}

/** All events of a (small) fixture file, in file order. */
export function readFixtureEvents(file: string): FixtureEvent[] {
  const raw = readFileSync(file);
  const text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const name = basename(file);
  const out: FixtureEvent[] = [];
  text.split("\n").forEach((line, i) => {
    const event = parseFixtureLine(file, name, line, i + 1);
    if (event) out.push(event);
  });
  return out;
}

/** Streams a possibly large NDJSON(.gz) file one event at a time (bounded memory). */
export async function* streamFixtureEvents(file: string): AsyncGenerator<FixtureEvent> {
  const name = basename(file);
  let lineNo = 0;
  for await (const line of streamFixtureLines(file)) {
    lineNo++;
    const event = parseFixtureLine(file, name, line, lineNo);
    if (event) yield event;
  }
}

/** The raw lines of a possibly gzipped NDJSON file, unparsed (for parsing elsewhere, e.g. in scan workers). */
export function streamFixtureLines(file: string): AsyncIterable<string> {
  const input = createReadStream(file);
  const stream = file.endsWith(".gz") ? input.pipe(createGunzip()) : input;
  return createInterface({ input: stream, crlfDelay: Infinity });
}
