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

/** A .gz that is not gzip, or is cut short: the error names the file (zlib's own message does not). */
export class FixtureReadError extends Error {
  constructor(readonly file: string, cause: unknown) {
    super(`cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}${file.endsWith(".gz") ? " (is it a complete gzip file?)" : ""}`, { cause });
  }
}

// PowerShell 5.1's `Out-File -Encoding utf8` writes a BOM; JSON.parse refuses it.
const BOM = "\uFEFF";

/** All events of a (small) fixture file, in file order. */
export function readFixtureEvents(file: string): FixtureEvent[] {
  const raw = readFileSync(file);
  let text: string;
  try {
    text = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  } catch (err) {
    throw new FixtureReadError(file, err);
  }
  if (text.startsWith(BOM)) text = text.slice(1);
  const name = basename(file);
  const out: FixtureEvent[] = [];
  text.split("\n").forEach((line, i) => {
    const event = parseFixtureLine(file, name, line, i + 1);
    if (event) out.push(event);
  });
  return out;
}

/**
 * Streams a possibly large NDJSON(.gz) file one event at a time (bounded
 * memory). With `onMalformed`, a line that is not a JSON object is handed to
 * it and skipped; without it, it throws FixtureParseError. Read and gunzip
 * failures throw FixtureReadError, naming the file.
 */
export async function* streamFixtureEvents(file: string, onMalformed?: (error: FixtureParseError) => void): AsyncGenerator<FixtureEvent> {
  const name = basename(file);
  let lineNo = 0;
  for await (const line of streamFixtureLines(file)) {
    lineNo++;
    let event: FixtureEvent | undefined;
    try {
      event = parseFixtureLine(file, name, line, lineNo);
    } catch (err) {
      if (!(err instanceof FixtureParseError) || !onMalformed) throw err;
      onMalformed(err);
      continue;
    }
    if (event) yield event;
  }
}

/**
 * The raw lines of a possibly gzipped NDJSON file, unparsed (for parsing
 * elsewhere, e.g. in scan workers), without a leading BOM. Read and gunzip
 * failures throw FixtureReadError, naming the file.
 */
export async function* streamFixtureLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file);
  const stream = file.endsWith(".gz") ? input.pipe(createGunzip()) : input;
  input.on("error", (err) => stream.destroy(err));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const raw of lines) {
      yield first && raw.startsWith(BOM) ? raw.slice(1) : raw;
      first = false;
    }
  } catch (err) {
    throw new FixtureReadError(file, err);
  }
}
