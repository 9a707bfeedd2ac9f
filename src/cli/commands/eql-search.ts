import type { Command } from "commander";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { formatDiagnostic, shiftRange, type Diagnostic } from "../../diagnostics/index.ts";
import { MAPPING_OPTION_HELP, MappingFileError, readMappingFile } from "./mapping-file.ts";
import { parseEql, tryCompileEqlQuery, type EngineOptions, type EqlSearchSession } from "../../eql/index.ts";
import { EventFileError, describeStreamError, forEachLine, isGzip, isObjectShaped } from "./event-lines.ts";
import { MalformedLines } from "./malformed-lines.ts";
import { prettyJsonChunks } from "./pretty-json.ts";
import { ResultSpool } from "./result-spool.ts";
import { feedEventsInParallel } from "./eql-search-parallel.ts";

interface SearchFlags {
  events: string;
  queries?: string;
  tiebreaker?: string;
  size?: string;
  timestampField?: string;
  eventCategoryField?: string;
  resultPosition?: string;
  prefilter: boolean;
  mapping?: string;
  workers?: string;
}

/** A query to run: its id, text and per-query overrides, plus where the text came from. */
interface QueryJob {
  readonly id: string;
  readonly text: string;
  readonly options: EngineOptions & { readonly prefilter?: boolean };
  /** File and line the query text sits on (for located errors); undefined for the command line. */
  readonly origin?: { readonly file: string; readonly line: number; readonly column: number };
}

class UsageError extends Error {}

function parseSize(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${what} must be a non-negative integer, got [${text}]`);
  return n;
}

function baseOptions(flags: SearchFlags): EngineOptions & { prefilter: boolean } {
  const position = flags.resultPosition;
  if (position !== undefined && position !== "head" && position !== "tail") throw new UsageError(`--result-position must be head or tail, got [${position}]`);
  return {
    tiebreakerField: flags.tiebreaker,
    size: parseSize(flags.size, "--size"),
    timestampField: flags.timestampField,
    eventCategoryField: flags.eventCategoryField,
    resultPosition: position,
    prefilter: flags.prefilter,
    ...(flags.mapping !== undefined ? { mapping: readMappingFile(flags.mapping) } : {}),
  };
}

/** Lines of a (possibly gzipped) text file, streamed; read errors name the file. */
async function* readLines(file: string): AsyncIterable<string> {
  const gzip = isGzip(file); // before the stream exists: a missing file is one clean error
  const raw = createReadStream(file);
  const input = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (err) => input.destroy(err));
  let first = true;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      yield first && line.startsWith("\uFEFF") ? line.slice(1) : line;
      first = false;
    }
  } catch (err) {
    throw describeStreamError(file, err);
  }
}

/** Reads the --queries JSONL file: one {"id","query","size"?,"tiebreaker"?} per line. */
async function readQueryJobs(file: string, base: QueryJob["options"]): Promise<QueryJob[]> {
  const jobs: QueryJob[] = [];
  let line = 0;
  for await (const text of readLines(file)) {
    line++;
    if (text.trim() === "") continue;
    let row: { id?: unknown; query?: unknown; size?: unknown; tiebreaker?: unknown };
    try {
      row = JSON.parse(text) as typeof row;
    } catch (err) {
      throw new UsageError(`${file}:${line}:1 invalid JSON: ${(err as Error).message}`);
    }
    if (typeof row.query !== "string") throw new UsageError(`${file}:${line}:1 "query" must be a string`);
    const size = row.size === undefined ? undefined : parseSize(String(row.size), `"size" on line ${line}`);
    const column = text.indexOf('"query"') + 1;
    jobs.push({
      id: row.id === undefined ? String(line) : String(row.id),
      text: row.query,
      options: { ...base, ...(size === undefined ? {} : { size }), ...(typeof row.tiebreaker === "string" ? { tiebreakerField: row.tiebreaker } : {}) },
      origin: { file, line, column: Math.max(column, 1) },
    });
  }
  return jobs;
}

/** Text of a query's problems, located in the queries file when the query came from one. */
function describeProblems(job: QueryJob, diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      if (!d.range) return formatDiagnostic(d);
      if (!job.origin) return formatDiagnostic({ ...d, range: { ...d.range, file: "<query>" } }, new Map([["<query>", job.text]]));
      // The query's position inside the JSON line is approximate (escapes shift it); the line is exact.
      const at = { line: job.origin.line, column: job.origin.column, offset: 0 };
      return formatDiagnostic({ ...d, range: shiftRange(d.range, at, job.origin.file) });
    })
    .join("\n");
}

interface Live {
  readonly kind: "event" | "sequence" | "sample";
  readonly session: EqlSearchSession;
  readonly anchors: readonly string[] | null;
  readonly clauses: readonly (readonly string[])[];
}
type Prepared = ({ job: QueryJob } & Live) | { job: QueryJob; error: string };

function prepare(job: QueryJob): Prepared {
  const parsed = parseEql(job.text);
  if (!parsed.ok) return { job, error: describeProblems(job, parsed.diagnostics) };
  const compiled = tryCompileEqlQuery(parsed.value, job.options);
  if (!compiled.ok) return { job, error: describeProblems(job, compiled.diagnostics) };
  const prefilter = job.options.prefilter !== false;
  return {
    job,
    kind: parsed.value.kind,
    session: compiled.value.startSearch(),
    anchors: prefilter ? compiled.value.anchors : null,
    clauses: prefilter ? compiled.value.anchorClauses : [],
  };
}

/**
 * Streams the events file once into every session. Lines shaped `{…}` that no
 * query's anchors allow are not parsed (so one that is invalid inside goes
 * unnoticed: `--no-prefilter` parses every line); every other malformed line
 * is skipped and counted (malformed-lines.ts).
 */
async function feedEvents(file: string, sessions: readonly Live[], malformed: MalformedLines): Promise<void> {
  const all = sessions.map((s) => s.anchors);
  const anchors = all.length === 0 || all.some((a) => a === null) ? null : [...new Set(all.flatMap((a) => a ?? []))];
  // With one query, every other anchor clause must hold too: checked on the text, before parsing.
  const clauses = sessions.length === 1 ? sessions[0]!.clauses : [];
  await forEachLine(file, anchors, (line, text) => {
    if (text.trim() === "") return;
    // Only lines shaped like an object may be dropped unparsed: anything else is reported as malformed.
    if (isObjectShaped(text)) for (const clause of clauses) if (!clause.some((a) => text.includes(a))) return;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (err) {
      return malformed.add(`${file}:${line}`, `invalid JSON (${(err as Error).message})`);
    }
    if (event === null || typeof event !== "object" || Array.isArray(event)) {
      return malformed.add(`${file}:${line}`, "not a JSON object");
    }
    const meta = (event as { _id?: unknown })._id === undefined ? { id: String(line) } : undefined;
    for (const s of sessions) s.session.push(event as Record<string, unknown>, meta);
  });
}

/**
 * Worker threads for one query (eql-search-parallel.ts), when asked for:
 * only where every line must be parsed (no prefilter anchors, or
 * --no-prefilter), for event and sequence queries over a plain file.
 */
function searchWorkers(flags: SearchFlags, live: Live): number {
  if (flags.workers === undefined) return 1;
  const asked = Number(flags.workers);
  if (!Number.isInteger(asked) || asked < 1) throw new UsageError(`--workers must be a positive integer, got [${flags.workers}]`);
  if (live.kind === "sample" || live.anchors !== null || isGzip(flags.events)) return 1;
  return asked;
}

async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

function warnAboutSkips(session: EqlSearchSession, label: string): void {
  const { skippedNoTimestamp, lateEvents } = session.stats;
  if (skippedNoTimestamp > 0) process.stderr.write(`dac eql search: ${label}skipped ${skippedNoTimestamp} event(s) without a parseable timestamp\n`);
  if (lateEvents > 0) process.stderr.write(`dac eql search: ${label}ignored ${lateEvents} event(s) that arrived out of time order beyond the reorder window\n`);
}

async function runSearch(queryText: string | undefined, flags: SearchFlags): Promise<void> {
  const spool = new ResultSpool();
  try {
    await searchWith(queryText, flags, spool);
  } finally {
    spool.close();
  }
}

async function searchWith(queryText: string | undefined, flags: SearchFlags, spool: ResultSpool): Promise<void> {
  // Kept results wait on disk, not in the heap (result-spool.ts), so asking for every result keeps memory flat.
  const base = { ...baseOptions(flags), keepResult: spool.keep };
  if ((queryText === undefined) === (flags.queries === undefined)) throw new UsageError("give either a query argument or --queries FILE, not both or neither");
  const jobs = flags.queries !== undefined ? await readQueryJobs(flags.queries, base) : [{ id: "query", text: queryText!, options: base }];
  const prepared = jobs.map(prepare);
  const live = prepared.flatMap((p) => ("session" in p ? [p] : []));
  const malformed = new MalformedLines("eql search");
  const reportMalformed = () => {
    const skipped = malformed.describe();
    if (skipped === undefined) return;
    process.stderr.write(skipped + "\n");
    process.exitCode = 1;
  };
  if (flags.queries === undefined) {
    const only = prepared[0]!;
    if ("error" in only) {
      process.stderr.write(only.error + "\n");
      process.exitCode = 1;
      return;
    }
    const workers = searchWorkers(flags, only);
    if (workers > 1) {
      const { keepResult: _local, prefilter: _reader, ...options } = only.job.options as EngineOptions & { prefilter?: boolean };
      await feedEventsInParallel(flags.events, { query: only.job.text, options }, only.session, malformed, workers);
    } else await feedEvents(flags.events, live, malformed);
    warnAboutSkips(only.session, "");
    // Waits for stdout to drain: a pipe whose reader is slower would otherwise buffer the whole response in memory.
    for (const chunk of prettyJsonChunks(only.session.finish())) await writeStdout(chunk);
    await writeStdout("\n");
    reportMalformed();
    return;
  }
  await feedEvents(flags.events, live, malformed);
  let failed = false;
  for (const p of prepared) {
    if ("error" in p) {
      failed = true;
      process.stdout.write(JSON.stringify({ id: p.job.id, ok: false, error: p.error }) + "\n");
    } else {
      warnAboutSkips(p.session, `query ${p.job.id}: `);
      process.stdout.write(JSON.stringify({ id: p.job.id, ok: true, result: p.session.finish() }) + "\n");
    }
  }
  if (failed) process.exitCode = 1;
  reportMalformed();
}

/** Registers `dac eql search` under the `dac eql` command. */
export function registerEqlSearchCommand(eql: Command): void {
  eql
    .command("search")
    .description("Run EQL over an NDJSON event file (optionally gzipped) in memory, with Elasticsearch semantics; prints the _eql/search response body")
    .argument("[query]", "the EQL query (or use --queries)")
    .requiredOption("--events <file>", "events, one JSON object per line (.ndjson or .ndjson.gz)")
    .option("--queries <file>", "JSONL of {id, query, size?, tiebreaker?}: runs every query over one read of the events, one result line each")
    .option("--tiebreaker <field>", "tiebreaker field for events with equal timestamps (e.g. event.sequence)")
    .option("--size <n>", "number of results (default 10)")
    .option("--timestamp-field <field>", "timestamp field (default @timestamp)")
    .option("--event-category-field <field>", "event category field (default event.category)")
    .option("--result-position <pos>", "head (earliest) or tail (most recent, default)")
    .option("--mapping <file>", MAPPING_OPTION_HELP)
    .option("--no-prefilter", "parse every line (by default lines that cannot match any query are skipped unparsed; the results are the same)")
    .option("--workers <n>", "threads that parse the events when every line must be parsed (one event or sequence query, no prefilter, plain file; default 1: this thread). Faster only with idle cores; each adds ~60 MB")
    .action(async (query: string | undefined, flags: SearchFlags) => {
      try {
        await runSearch(query, flags);
      } catch (err) {
        if (!(err instanceof UsageError) && !(err instanceof EventFileError) && !(err instanceof MappingFileError) && !(err instanceof Error && "code" in err)) throw err;
        process.stderr.write(`dac eql search: ${err.message}\n`);
        process.exitCode = 1;
      }
    });
}
