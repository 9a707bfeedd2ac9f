/**
 * A `dac eql search` worker thread: parses the lines of the byte chunks the
 * main thread reads and answers, per chunk, with the events the query may use
 * (eql/engine session.ts mayUseEvent) and the malformed lines, by line index.
 * JSON parsing is most of a search's time; here it runs on every core, while
 * the one search session stays on the main thread and sees the used events in
 * file order, so its results are exactly the single-threaded ones.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseEql, tryCompileEqlQuery, type EqlEvent } from "../../eql/index.ts";
import type { SearchChunk, SearchChunkReply, SearchWorkerData } from "./eql-search-parallel.ts";

const port = parentPort;
if (!port) throw new Error("eql-search-worker.ts runs as a worker thread");
const data = workerData as SearchWorkerData;
const parsed = parseEql(data.query);
// The main thread compiled the same text with the same options first: this cannot fail.
const compiled = parsed.ok ? tryCompileEqlQuery(parsed.value, data.options) : undefined;
if (!compiled?.ok) throw new Error("eql-search-worker: the query did not compile");
const mayUse = compiled.value.mayUseEvent;

const CR = 13;

function answer(chunk: SearchChunk): SearchChunkReply {
  let text = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString("utf8");
  // PowerShell 5.1 writes UTF-8 with a BOM; it is not part of the first event.
  if (chunk.first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const used: { index: number; event: EqlEvent }[] = [];
  const malformed: { index: number; reason: string }[] = [];
  let index = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    const line = text.slice(pos, end);
    const at = index++;
    pos = nl + 1;
    if (line.trim() === "") continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (err) {
      malformed.push({ index: at, reason: `invalid JSON (${(err as Error).message})` });
      continue;
    }
    if (event === null || typeof event !== "object" || Array.isArray(event)) {
      malformed.push({ index: at, reason: "not a JSON object" });
      continue;
    }
    if (mayUse(event as EqlEvent)) used.push({ index: at, event: event as EqlEvent });
  }
  return { lines: index, used, malformed };
}

port.on("message", (chunk: SearchChunk) => port.postMessage(answer(chunk)));
