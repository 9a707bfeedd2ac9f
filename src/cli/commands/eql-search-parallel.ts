/**
 * `dac eql search` over a plain events file on worker threads: this thread
 * reads the file in chunks cut at a newline and hands them round-robin to
 * the workers (the bytes are transferred, not copied); each worker parses
 * its chunks and answers with the events the query may use
 * (eql-search-worker.ts). The answers are taken in chunk order, so the one
 * search session here sees the used events in file order, with the same
 * line numbers and malformed-line reports as on one thread. At most two
 * chunks per worker are in flight, so memory stays bounded by the chunk size.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EngineOptions, EqlEvent, EqlSearchSession } from "../../eql/index.ts";
import { openPlainFile } from "./event-lines.ts";
import type { MalformedLines } from "./malformed-lines.ts";

export interface SearchWorkerData {
  readonly query: string;
  /** Structured-cloned into the worker: no functions (keepResult stays here). */
  readonly options: Omit<EngineOptions, "keepResult">;
}

export interface SearchChunk {
  /** Whole lines (the chunk ends at a newline, or at the end of the file). */
  readonly bytes: Uint8Array;
  /** The file's first chunk (which may start with a BOM). */
  readonly first: boolean;
}

export interface SearchChunkReply {
  /** Lines in the chunk (blank ones included), to number the next chunk's. */
  readonly lines: number;
  /** The events the query may use, by line index in the chunk. */
  readonly used: readonly { readonly index: number; readonly event: EqlEvent }[];
  readonly malformed: readonly { readonly index: number; readonly reason: string }[];
}

const CHUNK_BYTES = 1 << 20;
const CHUNKS_PER_WORKER = 2;

/**
 * The bench's choice of workers: one per core, at most 4. Not eql search's
 * default: on this project's shared 2-core machine two workers were no
 * faster than one thread (1M events, no prefilter: 5.50 s vs 5.51 s wall,
 * load ~2-6) and took 110-190 MB more, so they are opt-in (`--workers`).
 */
export function defaultSearchWorkers(): number {
  return Math.min(availableParallelism(), 4);
}

interface RunningWorker {
  readonly worker: Worker;
  /** Resolvers of this worker's chunks, in the order sent (a worker answers in order). */
  readonly waiting: { resolve: (r: SearchChunkReply) => void; reject: (e: Error) => void }[];
}

function startWorker(data: SearchWorkerData): RunningWorker {
  // The worker is TypeScript: it loads through tsx, as bin/dac.js loads the CLI.
  const worker = new Worker(new URL("./eql-search-worker.ts", import.meta.url), { execArgv: ["--import", import.meta.resolve("tsx/esm")], workerData: data });
  const running: RunningWorker = { worker, waiting: [] };
  worker.on("message", (reply: SearchChunkReply) => running.waiting.shift()?.resolve(reply));
  const fail = (err: Error): void => {
    for (const w of running.waiting.splice(0)) w.reject(err);
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`eql search worker exited with code ${code}`)));
  return running;
}

function send(w: RunningWorker, chunk: SearchChunk): Promise<SearchChunkReply> {
  const reply = new Promise<SearchChunkReply>((resolve, reject) => {
    w.waiting.push({ resolve, reject });
    w.worker.postMessage(chunk, [chunk.bytes.buffer as ArrayBuffer]);
  });
  // Awaited in chunk order later; until then a failure must not count as unhandled.
  reply.catch(() => undefined);
  return reply;
}

/** Chunks of whole lines of `file`, each in its own (transferable) buffer. */
async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  const input = await openPlainFile(file);
  try {
    let carry: Uint8Array = new Uint8Array(0);
    for (;;) {
      const buf = new Uint8Array(new ArrayBuffer(Math.max(CHUNK_BYTES, carry.length * 2)));
      buf.set(carry);
      const n = await input.read(buf, carry.length, buf.length - carry.length);
      const len = carry.length + n;
      if (n === 0) {
        if (len > 0) yield buf.subarray(0, len);
        return;
      }
      const cut = buf.lastIndexOf(10, len - 1) + 1;
      if (cut === 0) {
        carry = buf.subarray(0, len); // one line longer than the buffer: read on into a bigger one
        continue;
      }
      carry = buf.slice(cut, len);
      yield buf.subarray(0, cut);
    }
  } finally {
    await input.close();
  }
}

/**
 * Feeds `session` the events of `file` that `query` may use, parsed on
 * `workers` threads; malformed lines are counted as on one thread.
 */
export async function feedEventsInParallel(file: string, data: SearchWorkerData, session: EqlSearchSession, malformed: MalformedLines, workers: number): Promise<void> {
  const running = Array.from({ length: workers }, () => startWorker(data));
  let nextLine = 1;
  const take = (reply: SearchChunkReply): void => {
    let u = 0;
    let m = 0;
    // Used events and malformed lines in line order, as the single-threaded reader meets them.
    while (u < reply.used.length || m < reply.malformed.length) {
      const used = reply.used[u];
      const bad = reply.malformed[m];
      if (bad !== undefined && (used === undefined || bad.index < used.index)) {
        malformed.add(`${file}:${nextLine + bad.index}`, bad.reason);
        m++;
        continue;
      }
      const event = used!.event;
      session.push(event, (event as { _id?: unknown })._id === undefined ? { id: String(nextLine + used!.index) } : undefined);
      u++;
    }
    nextLine += reply.lines;
  };
  try {
    const inFlight: Promise<SearchChunkReply>[] = [];
    let k = 0;
    for await (const bytes of readChunks(file)) {
      if (inFlight.length >= workers * CHUNKS_PER_WORKER) take(await inFlight.shift()!);
      inFlight.push(send(running[k % workers]!, { bytes, first: k === 0 }));
      k++;
    }
    while (inFlight.length > 0) take(await inFlight.shift()!);
  } finally {
    await Promise.all(running.map((w) => w.worker.terminate()));
  }
}
